/**
 * The API's OpenAPI 3.1 document, built from the same route table the server registers and from
 * the zod schemas themselves (the Summary contract, the PATCH body), so the document cannot drift
 * from what the server does. Pure.
 */
import { z } from 'zod';
import type { ApiScope } from '../store/account-store';
import { HANDLING_STATUSES, SMS_STATES } from '../store/handoff-store';
import { SummarySchema, TIERS } from '../summary/contract';
import { MAX_ATTORNEY_TEXT } from '../conversation/takeover';
import { DEFAULT_LIMIT, MAX_LIMIT, MessageBodySchema, NO_TIER, PatchBodySchema } from './query';
import { EscalationsSchema } from './escalations';
import { DocumentsSchema } from './documents';
import { MEDIA_TYPES } from '../documents/contract';

export type Method = 'get' | 'patch' | 'post';

/** One API route: what routes.ts registers and what the document describes. */
export interface ApiRoute {
  method: Method;
  /** restify's form: /api/intakes/:id */
  path: string;
  operationId: string;
  summary: string;
  /** What the token must be allowed: reading for every GET, writing for a change. */
  scope: ApiScope;
}

export const API_ROUTES = {
  list: { method: 'get', path: '/api/intakes', operationId: 'listIntakes', summary: 'A page of intakes, most recently updated first', scope: 'read' },
  get: { method: 'get', path: '/api/intakes/:id', operationId: 'getIntake', summary: 'One intake: exactly the summary contract', scope: 'read' },
  transcript: {
    method: 'get',
    path: '/api/intakes/:id/transcript',
    operationId: 'getTranscript',
    summary: "The conversation, in the family's language",
    scope: 'read',
  },
  escalations: {
    method: 'get',
    path: '/api/intakes/:id/escalations',
    operationId: 'getEscalations',
    summary: 'Its escalations (who was paged, or that nobody could be) and how each notification ended',
    scope: 'read',
  },
  patch: { method: 'patch', path: '/api/intakes/:id', operationId: 'setHandlingStatus', summary: "Changes the firm's handling status", scope: 'write' },
  message: {
    method: 'post',
    path: '/api/intakes/:id/messages',
    operationId: 'sendMessage',
    summary: 'Writes to the family on their channel (the assistant then stays silent)',
    scope: 'write',
  },
  documents: {
    method: 'get',
    path: '/api/intakes/:id/documents',
    operationId: 'listDocuments',
    summary: 'The documents the family sent, by evidence checklist item (received or missing)',
    scope: 'read',
  },
  document: {
    method: 'get',
    path: '/api/intakes/:id/documents/:documentId',
    operationId: 'getDocument',
    summary: 'One document: its content, as stored',
    scope: 'read',
  },
  openapi: { method: 'get', path: '/api/openapi.json', operationId: 'getOpenApi', summary: 'This document', scope: 'read' },
} as const satisfies Record<string, ApiRoute>;

/** /api/intakes/:id -> /api/intakes/{id} */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

/** A zod schema as a JSON Schema 2020-12 (OpenAPI 3.1's dialect), without the $schema line. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown>;
  void $schema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

const idParameter = { name: 'id', in: 'path', required: true, description: 'The intake id (intakeId of the summary).', schema: { type: 'string' } };
const documentIdParameter = {
  name: 'documentId',
  in: 'path',
  required: true,
  description: 'A document id (documents[].id of listDocuments).',
  schema: { type: 'string' },
};
const handlingHeader = {
  'X-Handling-Status': { description: "The firm's handling status of the intake.", schema: { type: 'string', enum: [...HANDLING_STATUSES] } },
};

export function openApiDocument(o: { serverUrl: string; version?: string }): Record<string, unknown> {
  const commonErrors = {
    '401': errorResponse('No bearer token, or a wrong or revoked one (with WWW-Authenticate: Bearer).'),
    '403': errorResponse(
      'The token does not have the scope this operation needs (error.code "insufficient_scope"; WWW-Authenticate: Bearer error="insufficient_scope", scope="…").',
    ),
    '500': errorResponse('Something failed on the server.'),
  };
  /** The scope an operation needs, as OpenAPI 3.1 says it for a non-OAuth scheme: a role name. */
  const needs = (r: ApiRoute) => ({ security: [{ bearer: [r.scope] }] });
  const { list, get, transcript, escalations, patch, message, documents, document, openapi } = API_ROUTES;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parole intake: attorney integrations API',
      version: o.version ?? '1',
      description:
        'Intakes of humanitarian parole requests as the summary contract (schemaVersion 1), their transcripts, and the ' +
        "firm's handling status. Every route needs an API token: Authorization: Bearer <token>. A token has scopes: " +
        '"read" for every GET, "write" to change the handling status; each operation names the one it needs (its ' +
        '`security`), and a token without it gets a 403. Responses are not to be cached (Cache-Control: no-store). ' +
        'Errors are { "error": { "code", "message" } }.',
    },
    servers: [{ url: o.serverUrl }],
    security: [{ bearer: [] }],
    paths: {
      [openApiPath(list.path)]: {
        [list.method]: {
          operationId: list.operationId,
          summary: list.summary,
          ...needs(list),
          parameters: [
            {
              name: 'status',
              in: 'query',
              description: 'Handling statuses, comma-separated.',
              schema: { type: 'string', examples: ['new,claimed'] },
              style: 'form',
              explode: false,
            },
            {
              name: 'tier',
              in: 'query',
              description: `Triage tiers, comma-separated (${[...TIERS, NO_TIER].join(', ')}; "${NO_TIER}": not yet triaged).`,
              schema: { type: 'string', examples: ['E0,E1,U1'] },
            },
            {
              name: 'since',
              in: 'query',
              description: 'Only intakes updated at or after this time (ISO 8601 with offset).',
              schema: { type: 'string', format: 'date-time' },
            },
            { name: 'limit', in: 'query', description: 'Page size.', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
            { name: 'cursor', in: 'query', description: 'The `next` of the previous page.', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'A page.', content: json(ref('IntakePage')) },
            '400': errorResponse('A parameter is not valid; error.parameter names it.'),
            ...commonErrors,
          },
        },
      },
      [openApiPath(get.path)]: {
        [get.method]: {
          operationId: get.operationId,
          summary: get.summary,
          ...needs(get),
          parameters: [idParameter],
          responses: {
            '200': { description: 'The summary.', headers: handlingHeader, content: json(ref('Summary')) },
            '404': errorResponse('No such intake.'),
            ...commonErrors,
          },
        },
        [patch.method]: {
          operationId: patch.operationId,
          summary: patch.summary,
          ...needs(patch),
          description:
            'new → claimed, contacted or closed; claimed → new (released), contacted or closed; ' +
            'contacted → closed; closed → new (reopened). Anything else is a 409 with the current status. Setting the ' +
            'status it already has changes nothing. A claim through the API is recorded as the token ("token:NAME"): a ' +
            'token is not an attorney, so a body naming who claims it (claimedBy) is refused (400). Needs the "write" scope.',
          parameters: [idParameter],
          requestBody: { required: true, content: json(ref('HandlingChange')) },
          responses: {
            '200': { description: 'The handling as it now stands.', content: json(ref('HandlingResult')) },
            '400': errorResponse('The body is not valid.'),
            '404': errorResponse('No such intake.'),
            '409': {
              description: 'The change makes no sense from the current status, or the intake kept changing meanwhile.',
              content: json(ref('ConflictError')),
            },
            ...commonErrors,
          },
        },
      },
      [openApiPath(transcript.path)]: {
        [transcript.method]: {
          operationId: transcript.operationId,
          summary: transcript.summary,
          ...needs(transcript),
          parameters: [idParameter],
          responses: {
            '200': { description: 'The transcript, oldest first.', content: json(ref('Transcript')) },
            '404': errorResponse('No such intake.'),
            ...commonErrors,
          },
        },
      },
      [openApiPath(escalations.path)]: {
        [escalations.method]: {
          operationId: escalations.operationId,
          summary: escalations.summary,
          ...needs(escalations),
          description:
            'An escalation no attorney could be paged for (no on-call or backup contact configured) is "paging": "not_configured", ' +
            'and its notification "not_configured": never reported as sent.',
          parameters: [idParameter],
          responses: {
            '200': { description: 'Escalations and notifications, oldest first.', content: json(ref('Escalations')) },
            '404': errorResponse('No such intake.'),
            ...commonErrors,
          },
        },
      },
      [openApiPath(message.path)]: {
        [message.method]: {
          operationId: message.operationId,
          summary: message.summary,
          ...needs(message),
          description:
            "Sends `text` to the family, as written, on the conversation's channel: SMS or WhatsApp from the firm's number " +
            "(Twilio), or web chat (the conversation's activity stream). It is stored in the transcript with its author (the " +
            'token, "token:NAME"), and the conversation is held: the assistant says nothing more (no question, no reminder) ' +
            'until an attorney hands it back on the intake page. Refused, with nothing stored or sent, when the text is empty ' +
            `or longer than ${MAX_ATTORNEY_TEXT} characters (400), when another attorney holds the conversation, when the family opted out ` +
            '(STOP), or on a channel where the firm cannot write first (409). Needs the "write" scope.',
          parameters: [idParameter],
          requestBody: { required: true, content: json(ref('MessageToFamily')) },
          responses: {
            '201': { description: 'Stored, and sent (or not: `sent` false when the channel refused it).', content: json(ref('MessageSent')) },
            '400': errorResponse('The body is not valid (empty text, too long, another field).'),
            '404': errorResponse('No such intake.'),
            '409': errorResponse('Not sent: error.code "held_by_other", "opted_out", "no_conversation" or "channel_unsupported".'),
            ...commonErrors,
          },
        },
      },
      [openApiPath(documents.path)]: {
        [documents.method]: {
          operationId: documents.operationId,
          summary: documents.summary,
          ...needs(documents),
          description:
            "Each checklist item with whether anything was received for it and which documents; then every document's metadata. " +
            'The content is served by getDocument. Audited (ids and counts only).',
          parameters: [idParameter],
          responses: {
            '200': { description: 'The checklist and the documents, oldest first.', content: json(ref('Documents')) },
            '404': errorResponse('No such intake.'),
            ...commonErrors,
          },
        },
      },
      [openApiPath(document.path)]: {
        [document.method]: {
          operationId: document.operationId,
          summary: document.summary,
          ...needs(document),
          description:
            'The file as stored: images re-encoded without their metadata (unless `reencoded` is false), PDFs as received. ' +
            "Content-Type is the kind found from the content; Content-Disposition is an attachment named from the intake's " +
            'reference, the item and the id (never the name the family sent). Audited.',
          parameters: [idParameter, documentIdParameter],
          responses: {
            '200': {
              description: 'The content.',
              content: Object.fromEntries(Object.values(MEDIA_TYPES).map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
            },
            '404': errorResponse("No such intake, or no such document of this intake (another intake's document id is not found here)."),
            ...commonErrors,
          },
        },
      },
      [openApiPath(openapi.path)]: {
        [openapi.method]: {
          operationId: openapi.operationId,
          summary: openapi.summary,
          ...needs(openapi),
          responses: { '200': { description: 'The OpenAPI document.', content: json({ type: 'object' }) }, ...commonErrors },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API token issued with `npm run attorney -- token NAME [--scope read|write|read,write]` (read only unless ' +
            'asked). Scopes: "read" (every GET), "write" (PATCH). Tokens issued before scopes existed have both.',
        },
      },
      schemas: {
        Summary: jsonSchema(SummarySchema),
        Handling: {
          type: 'object',
          required: ['status', 'claimedBy', 'claimedAt', 'contactedAt', 'closedAt', 'updatedAt'],
          properties: {
            status: { type: 'string', enum: [...HANDLING_STATUSES] },
            claimedBy: { type: ['string', 'null'] },
            claimedAt: { type: ['string', 'null'], format: 'date-time' },
            contactedAt: { type: ['string', 'null'], format: 'date-time' },
            closedAt: { type: ['string', 'null'], format: 'date-time' },
            updatedAt: { type: ['string', 'null'], format: 'date-time' },
          },
          additionalProperties: false,
        },
        IntakePage: {
          type: 'object',
          required: ['items', 'next'],
          properties: {
            items: {
              type: 'array',
              items: { type: 'object', required: ['summary', 'handling'], properties: { summary: ref('Summary'), handling: ref('Handling') } },
            },
            next: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
          },
        },
        Transcript: {
          type: 'object',
          required: ['intakeId', 'transcriptId', 'language', 'entries'],
          properties: {
            intakeId: { type: 'string' },
            transcriptId: { type: 'string' },
            language: { type: 'string', description: 'BCP 47 language of the conversation.' },
            entries: {
              type: 'array',
              items: {
                type: 'object',
                required: ['seq', 'direction', 'author', 'by', 'at', 'text', 'media', 'textState'],
                properties: {
                  seq: { type: 'integer' },
                  direction: { type: 'string', enum: ['in', 'out'] },
                  author: { type: 'string', enum: ['family', 'assistant', 'attorney'], description: 'Who wrote it.' },
                  by: {
                    type: ['string', 'null'],
                    description: 'For an attorney\'s message: the account id, or "token:NAME" for an API token. Null otherwise.',
                  },
                  textState: {
                    type: ['string', 'null'],
                    enum: [...SMS_STATES, null],
                    description: "For an attorney's message sent as a text: where it is, from Twilio's status callbacks. Null otherwise.",
                  },
                  at: { type: 'string', format: 'date-time' },
                  text: { type: 'string' },
                  media: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
        Escalations: jsonSchema(EscalationsSchema),
        Documents: jsonSchema(DocumentsSchema),
        HandlingChange: jsonSchema(PatchBodySchema),
        MessageToFamily: jsonSchema(MessageBodySchema),
        MessageSent: {
          type: 'object',
          required: ['intakeId', 'messageId', 'sent'],
          properties: {
            intakeId: { type: 'string' },
            messageId: { type: 'string', description: 'The transcript entry it is.' },
            sent: { type: 'boolean', description: 'False when the channel refused it: it is in the transcript all the same.' },
          },
        },
        HandlingResult: {
          type: 'object',
          required: ['intakeId', 'handling'],
          properties: { intakeId: { type: 'string' }, handling: ref('Handling') },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  examples: [
                    'unauthorized',
                    'insufficient_scope',
                    'bad_parameter',
                    'bad_body',
                    'not_found',
                    'conflict',
                    'held_by_other',
                    'opted_out',
                    'internal',
                  ],
                },
                message: { type: 'string' },
                parameter: { type: 'string', description: 'For a 400: the parameter at fault.' },
              },
            },
          },
        },
        ConflictError: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'current'],
              properties: { code: { const: 'conflict' }, message: { type: 'string' }, current: { type: 'string', enum: [...HANDLING_STATUSES] } },
            },
          },
        },
      },
    },
  };
}
