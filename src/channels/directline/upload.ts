/**
 * Direct Line's upload: POST /v3/directline/conversations/:id/upload?userId=, what
 * botframework-directlinejs (and so Web Chat's attach button) and our widget send for a message
 * with files: multipart/form-data with an `activity` part (the message as JSON, a Blob of type
 * application/vnd.microsoft.activity) and one `file` part per file. Authorised like the other
 * Direct Line calls (the conversation's token, or the secret).
 *
 * Each file goes through the document desk for the conversation's intake, as 'other' (the
 * message's words, if any, are its description); the message shows in the transcript with the
 * files' names, and the assistant says what was kept and what was not, and why, in the family's
 * language (locales/<lang>/upload.json, documents.json). The answer is `{ id }` as for a posted
 * activity; errors are JSON ({code, message}): 400 a broken body or no file, 403, 404, 413 a file
 * over the cap or too many, 415 not multipart. A client's retry of a message already taken (same
 * clientActivityID) stores nothing again.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { MEDIA_TYPES, OTHER_ITEM, type Refusal } from '../../documents/contract';
import type { Rendered } from '../../i18n/render';
import { httpErrors as errors } from '../../server/http';
import { mediaType, type RouteKey } from '../../server/bodies';
import type { Parts } from '../../server/parts';
import type { ConversationKey } from '../../store/store';
import { answerWhileDropping, readUploads, type UploadFailure } from '../../web/multipart-uploads';
import { shownName } from '../../web/shown-name';
import { uploadWords } from '../../web/upload-words';
import { ActivityError, postedActivity } from './activities';
import { DIRECT_LINE_BASE as BASE } from './cors';
import type { Caller } from './tokens';

export const DIRECT_LINE_UPLOAD_PATH = `${BASE}/conversations/:id/upload`;
export const DIRECT_LINE_UPLOAD: RouteKey = { method: 'POST', path: DIRECT_LINE_UPLOAD_PATH };

/** Files in one message: as many as a message may carry attachments. */
const MAX_FILES = 10;
/** The activity part: a message's JSON, like a posted activity's body. */
const MAX_ACTIVITY_BYTES = 64 * 1024;
const LINGER_BYTES = 8 * 1024 * 1024;

const FAILURES: Record<UploadFailure, { status: number; code: string; message: string }> = {
  too_large: { status: 413, code: 'TooLarge', message: 'a file is over the size limit' },
  too_many: { status: 413, code: 'TooMany', message: `at most ${MAX_FILES} files in one message` },
  malformed: { status: 400, code: 'BadArgument', message: 'the multipart body could not be read' },
  gone: { status: 400, code: 'BadArgument', message: 'the body was cut off' },
  failed: { status: 503, code: 'ServiceUnavailable', message: 'the files could not be stored; try again shortly' },
};

export interface DirectLineAccess {
  callerOf(req: Request): Caller;
  access(caller: Caller, id: string): Promise<void>;
  userOf(caller: Caller): string | null;
}

const keyOf = (conversationId: string): ConversationKey => ({ channel: 'webchat', address: conversationId });

async function readAll(stream: AsyncIterable<Uint8Array>, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    size += c.length;
    if (size > max) return null;
    chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks);
}

type FileOutcome = { name: string; type: string; refusal: Refusal | null };

export function registerDirectLineUpload(server: Server, parts: Parts, dl: DirectLineAccess): void {
  const words = uploadWords();

  server.post(DIRECT_LINE_UPLOAD_PATH, async (req: Request, res: Response) => {
    const caller = dl.callerOf(req);
    const id = String(req.params.id);
    await dl.access(caller, id);
    if (mediaType(req) !== 'multipart/form-data') throw new errors.UnsupportedMediaTypeError('expected multipart/form-data');
    const record = await parts.store.findConversation(keyOf(id));
    if (!record || record.quarantine) throw new errors.NotFoundError('no such conversation');
    const context = parts.engine.contextOf(record.snapshot);
    const intakeId = record.intakeId ?? context.intakeId;

    let activity: ReturnType<typeof postedActivity> | null = null;
    let activityError: string | null = null;
    let retried = false;
    const parse = (text: string) => {
      try {
        activity = postedActivity(JSON.parse(text));
      } catch (err) {
        activityError = err instanceof ActivityError ? err.message : 'the activity part is not JSON';
      }
    };
    const activityIdOf = (posted: { clientActivityID: string | null } | null) => (posted?.clientActivityID ? `${id}:${posted.clientActivityID}` : null);

    const reading = await readUploads(
      req,
      res,
      { maxFileBytes: parts.config.documents.maxFileBytes, maxFiles: MAX_FILES + 1, maxFields: 2, maxFieldBytes: MAX_ACTIVITY_BYTES },
      async (part): Promise<FileOutcome | null> => {
        if (part.field === 'activity') {
          const bytes = await readAll(part.content, MAX_ACTIVITY_BYTES);
          if (bytes === null) activityError = 'the activity part is too large';
          else parse(bytes.toString('utf8'));
          // Sent before (same clientActivityID, its turn committed): its files were taken then.
          const before = activityIdOf(activity);
          if (before && (await parts.store.isProcessed(keyOf(id), before))) retried = true;
          return null;
        }
        if (part.field !== 'file' || activityError || retried) {
          await part.skip();
          return null;
        }
        if (!activity && part.fields.activity !== undefined) parse(part.fields.activity);
        // Nothing is kept of a message that is not one: the activity comes first (as directlinejs sends it).
        if (!activity) {
          activityError ??= 'an activity part is required before the files';
          await part.skip();
          return null;
        }
        const text = (activity as ReturnType<typeof postedActivity> | null)?.text.trim() ?? '';
        const result = await parts.documents.receive({
          intakeId,
          item: OTHER_ITEM,
          ...(text ? { description: text.slice(0, 200) } : {}),
          fileName: part.fileName,
          source: 'webchat',
          content: part.content,
        });
        return {
          name: shownName(part.fileName),
          type: result.ok ? MEDIA_TYPES[result.document.kind] : 'application/octet-stream',
          refusal: result.ok ? null : result.refusal,
        };
      },
    );
    if (reading.failure === 'gone') return;
    if (reading.failure) {
      const f = FAILURES[reading.failure];
      return answerWhileDropping(
        req,
        res,
        f.status,
        JSON.stringify({ code: f.code, message: f.message }),
        { 'Content-Type': 'application/json' },
        LINGER_BYTES,
      );
    }
    if (!activity && reading.fields.activity !== undefined) parse(reading.fields.activity);
    if (activityError) throw new errors.BadRequestError(activityError);
    const posted = activity as ReturnType<typeof postedActivity> | null;
    if (!posted) throw new errors.BadRequestError('an activity part is required');
    const activityId = activityIdOf(posted) ?? randomUUID();
    const files = reading.files.flatMap((f) => (f.result ? [f.result] : []));
    if (!retried && files.length === 0) throw new errors.BadRequestError('at least one file part is required');

    const lang = () => context.language ?? 'en';
    const replies = (language: typeof context.language & string): Rendered[] => {
      const kept = files.filter((f) => f.refusal === null);
      const out: Rendered[] = [];
      const say = (key: string, vars: Record<string, unknown>) =>
        out.push({ key: `upload.${key}`, text: words.t(language, key, vars), choices: [], progress: null });
      if (kept.length === 1) say('attachReceived', { name: kept[0].name });
      if (kept.length > 1) say('attachReceivedMany', { count: kept.length });
      for (const f of files) if (f.refusal) say('attachRefused', { name: f.name, why: parts.documentWords.refusal(language, f.refusal) });
      return out;
    };
    parts.limits.openWebConversations.touched(id);
    const handled = await parts.service.acknowledge(
      {
        ...keyOf(id),
        id: activityId,
        at: new Date().toISOString(),
        text: posted.text,
        media: [],
        language: null,
        payload: {
          ...(posted.clientActivityID ? { clientActivityID: posted.clientActivityID } : {}),
          userId: dl.userOf(caller) ?? posted.userId,
          attachments: files.map((f) => ({ name: f.name, contentType: f.type })),
        },
      },
      (language) => replies(language ?? lang()),
    );
    if (!handled) throw new errors.NotFoundError('no such conversation');
    parts.streams.wake(id);
    res.json(200, { id: activityId });
  });
}
