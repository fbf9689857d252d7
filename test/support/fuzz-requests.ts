/**
 * The fuzz test's requests, route by route, each family starting from a request the real clients
 * send (recorded from the channel tests) and mutating it. Two kinds:
 *  - `refused*`: requests the server must refuse (bad signature, bad credential, a body that is not
 *    one); they may not change the store at all;
 *  - `odd*`: valid credentials on odd content; they may be accepted, and each carries the tag
 *    (sender number, conversation id) it would be stored under, so a refused one can be checked
 *    to have left nothing.
 */
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import twilio from 'twilio';
import { parseForm, type WebhookParams } from '../../src/channels/twilio/webhook';
import type { FuzzRequest } from './fuzz-http';
import { inboundSmsParams } from './twilio-params';
import { contentType, headerValue, jsonBody, mutatedBytes, oddJson, oddText, pathSegment, queryString, refusedBody } from './fuzz-values';
import type { RouteInfo } from './routes';

export interface FuzzTarget {
  /** What Twilio signs: PUBLIC_BASE_URL. */
  publicBaseUrl: string;
  twilioAuthToken: string;
  accountSid: string;
  /** TOKEN_SECRET: to make Direct Line tokens, good and bad, as the server would. */
  tokenSecret: string;
  directLineSecret: string;
  /** A conversation already under way on each channel, for refused requests to aim at. */
  smsNumber: string;
  webchat: { conversationId: string; token: string };
  /** The fake Emulator connector that receives Bot Framework replies. */
  connectorUrl: string;
  /** A sign-in form's pair: its cookie and its hidden field. */
  login: { cookie: string; field: string };
  attorneyEmail: string;
  /** The on-call attorney's number: its texts acknowledge pages. */
  pagerNumber: string;
  /** A real page's acknowledgement link token, and the token of the form its page carries. */
  ack: { token: string; form: string };
}

const FIRM = '+17165550100';

/** A request made for the n-th slot of the run: n makes its sender or conversation its own. */
export type Numbered = (n: number) => FuzzRequest;
const DL = '/v3/directline';

// ---- Twilio ---------------------------------------------------------------------------------

/** Twilio's "A message comes in" parameters. */
function webhookParams(t: FuzzTarget, from: string, sid: string, body: string): Record<string, string> {
  return inboundSmsParams({ from, to: FIRM, sid, body, accountSid: t.accountSid });
}

type Edit = (p: WebhookParams) => void;

const PARAM_NAMES = [
  'Body',
  'From',
  'To',
  'MessageSid',
  'NumMedia',
  'MediaUrl0',
  'MediaContentType0',
  'MediaUrl9',
  'OptOutType',
  'AccountSid',
  'SmsStatus',
  'ApiVersion',
  'NumSegments',
];

/** One change to a webhook's parameters: a field odd, gone, repeated, or new. */
const paramEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.constantFrom(...PARAM_NAMES), oddText).map(
    ([name, v]): Edit =>
      (p) =>
        void (p[name] = v),
  ),
  fc.constantFrom(...PARAM_NAMES).map(
    (name): Edit =>
      (p) =>
        void delete p[name],
  ),
  fc.tuple(fc.constantFrom(...PARAM_NAMES), fc.array(oddText, { minLength: 1, maxLength: 3 })).map(([name, vs]): Edit => (p) => {
    const seen = p[name];
    p[name] = [...(seen === undefined ? [] : Array.isArray(seen) ? seen : [seen]), ...vs];
  }),
  fc.tuple(fc.string({ maxLength: 20 }), oddText).map(
    ([name, v]): Edit =>
      (p) =>
        void (p[name || 'x'] = v),
  ),
  fc
    .tuple(fc.constantFrom('0', '1', '10', '11', '-1', '99999999999', '1.5', 'x', ' 3'), fc.array(fc.tuple(fc.nat(12), oddText), { maxLength: 4 }))
    .map(([n, media]): Edit => (p) => {
      p.NumMedia = n;
      for (const [i, url] of media) {
        p[`MediaUrl${i}`] = url;
        p[`MediaContentType${i}`] = 'image/jpeg';
      }
    }),
  fc.constantFrom('STOP', 'START', 'HELP', 'stop', 'other', '').map(
    (v): Edit =>
      (p) =>
        void (p.OptOutType = v),
  ),
  fc.constantFrom('a[b]', 'a[]', '__proto__', 'constructor', 'hasOwnProperty', 'Body[x]').map(
    (name): Edit =>
      (p) =>
        void (p[name] = 'x'),
  ),
);

function formOf(p: WebhookParams): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
  return u.toString();
}

/** How Twilio would sign this body for this path: over the parameters the server will parse. */
function signature(t: FuzzTarget, path: string, body: string, token = t.twilioAuthToken, base = t.publicBaseUrl): string {
  return twilio.getExpectedTwilioSignature(token, `${base}${path}`, parseForm(body) as Record<string, string>);
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'Application/X-WWW-Form-Urlencoded'];

/** Encodings no encoder makes: Latin-1 and overlong bytes, bare `%`, empty names (signed as the server will read them). */
const RAW_TAILS = fc.constantFrom(
  '&Body=%E9t%E9',
  '&%FF=%FE',
  '&Body=%C0%80',
  '&&&',
  '&=',
  '&Body',
  '&Body=%',
  '&Body=%2',
  '&Body=%u00e9',
  '&Body=a%00b',
  '&NumMedia=%31%30',
  '&From=',
);

/** A sender nobody else uses in the run: its digits are the request's tag. */
const senderOf = (n: number) => `+1555${String(n).padStart(7, '0')}`;

/** Mutated webhooks signed correctly: accepted or refused, never a 5xx; stored only under their own number. */
export function oddSms(t: FuzzTarget): fc.Arbitrary<Numbered> {
  return fc
    .tuple(
      oddText,
      fc.array(paramEdit, { maxLength: 4 }),
      fc.boolean(),
      fc.constantFrom(...FORM_TYPES),
      fc.option(queryString, { freq: 4 }),
      fc.option(RAW_TAILS, { freq: 4 }),
    )
    .map(([body, edits, whatsapp, type, query, tail]) => (n: number) => {
      const from = (whatsapp ? 'whatsapp:' : '') + senderOf(n);
      const p: WebhookParams = webhookParams(t, from, `SMfz${n}x${body.length}`, body);
      for (const edit of edits) edit(p);
      const form = formOf(p) + (tail ?? '');
      const path = `/api/sms${query ? `?${query}` : ''}`;
      return {
        family: 'sms: signed, odd parameters',
        method: 'POST',
        path,
        headers: { 'content-type': type, 'x-twilio-signature': signature(t, path, form), 'user-agent': 'TwilioProxy/1.1' },
        body: Buffer.from(form),
        tags: [senderOf(n).slice(1)],
      };
    });
}

/** Webhooks that are not Twilio's: no, a wrong or a stale signature, the wrong method or body type. */
export function refusedSms(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const valid = formOf(webhookParams(t, t.smsNumber, 'SMrefused0', 'yes'));
  const signatures: fc.Arbitrary<(path: string, body: string) => string | null> = fc.oneof(
    fc.constant(() => null),
    headerValue.map((s) => () => s),
    // Signed for another URL, with another token, or before the body changed.
    fc.constant((path: string, body: string) => signature(t, path, body, t.twilioAuthToken, t.publicBaseUrl.replace('https:', 'http:'))),
    fc.constant((path: string, body: string) => signature(t, path + '/', body)),
    fc.constant((path: string, body: string) => signature(t, path, body, t.twilioAuthToken + 'x')),
    fc.constant((path: string) => signature(t, path, valid + '&Body=x')),
    // The right signature, one character off.
    fc.nat(27).map((i) => (path: string, body: string) => {
      const s = signature(t, path, body);
      return s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    }),
  );
  const bodies = fc.oneof(
    fc.constant(Buffer.from(valid)),
    mutatedBytes(Buffer.from(valid)),
    fc.array(paramEdit, { maxLength: 4 }).map((edits) => {
      const p: WebhookParams = webhookParams(t, t.smsNumber, 'SMrefused1', 'no');
      for (const edit of edits) edit(p);
      return Buffer.from(formOf(p));
    }),
    fc.uint8Array({ maxLength: 2_000 }).map((a) => Buffer.from(a)),
    oddText.map((s) => Buffer.from(s)),
  );
  const signedWrong = fc
    .tuple(bodies, signatures, fc.constantFrom(...FORM_TYPES, 'application/json'), fc.option(queryString, { freq: 4 }))
    .map(([body, sign, type, query]) => {
      const path = `/api/sms${query ? `?${query}` : ''}`;
      const sig = sign(path, body.toString('utf8'));
      return {
        family: 'sms: not signed by Twilio',
        method: 'POST',
        path,
        headers: { 'content-type': type, ...(sig === null ? {} : { 'x-twilio-signature': sig }) },
        body,
      };
    });
  // Correctly signed, but not a form (415), not a message (400), or a delivery report (200, nothing kept).
  const signedNotAMessage = fc
    .tuple(
      fc.oneof(
        contentType
          .filter((c) => c !== null && c !== '' && !/^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(c))
          .map((c) => ({ type: c as string, drop: null as string | null, status: false })),
        fc.constantFrom('MessageSid', 'From').map((drop) => ({ type: FORM_TYPES[0], drop: drop as string | null, status: false })),
        fc.constant({ type: FORM_TYPES[0], drop: null as string | null, status: true }),
      ),
      oddText,
    )
    .map(([how, body]) => {
      const p: WebhookParams = webhookParams(t, t.smsNumber, 'SMrefused2', body);
      if (how.drop) delete p[how.drop];
      if (how.status) p.MessageStatus = 'delivered';
      const form = formOf(p);
      return {
        family: 'sms: signed, not a message',
        method: 'POST',
        path: '/api/sms',
        headers: { 'content-type': how.type, 'x-twilio-signature': signature(t, '/api/sms', form) },
        body: Buffer.from(form),
      };
    });
  const otherMethod = fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD').map((method) => ({
    family: 'sms: other method',
    method,
    path: '/api/sms',
    headers: {},
  }));
  return fc.oneof({ weight: 6, arbitrary: signedWrong }, { weight: 3, arbitrary: signedNotAMessage }, { weight: 1, arbitrary: otherMethod });
}

// ---- Direct Line ----------------------------------------------------------------------------

/** A conversation id of the right shape that nobody was given. */
const conversationIdOf = (n: number) => `fz${String(n).padStart(22, '0')}`.slice(0, 24);

function token(t: FuzzTarget, claims: Record<string, unknown>, o: jwt.SignOptions = { expiresIn: 600 }, key = t.tokenSecret): string {
  return jwt.sign(claims, key, { algorithm: 'HS256', ...o });
}

/** Credentials the server must refuse (as a conversation's token). */
function badCredentials(t: FuzzTarget, conversationId: string): fc.Arbitrary<string | null> {
  const good = token(t, { conv: conversationId });
  return fc.oneof(
    fc.constant(null),
    headerValue,
    fc.constantFrom(
      `Bearer ${token(t, { conv: conversationId }, { expiresIn: -60 })}`,
      `Bearer ${token(t, { conv: conversationId }, { expiresIn: 600 }, 'another-secret-that-is-long-enough-0123')}`,
      `Bearer ${token(t, { conv: 'not-a-conversation-id' })}`,
      `Bearer ${token(t, { conv: conversationId }, {})}`,
      `Bearer ${jwt.sign({ conv: conversationId }, '', { algorithm: 'none' })}`,
      `Bearer ${good.slice(0, -2)}`,
      `Bearer ${good}x`,
      `Bearer ${t.directLineSecret}x`,
      `Basic ${t.directLineSecret}`,
      `Bearer ${good} ${good}`,
      `bearer`,
    ),
    fc.nat(200).map((i) => {
      const at = i % good.length;
      return `Bearer ${good.slice(0, at)}${good[at] === 'a' ? 'b' : 'a'}${good.slice(at + 1)}`;
    }),
  );
}

function dlRequest(family: string, method: string, path: string, auth: string | null, type: string | null, body?: Buffer): FuzzRequest {
  const headers: Record<string, string> = {};
  if (auth !== null) headers.authorization = auth;
  if (type !== null) headers['content-type'] = type;
  return { family, method, path, headers, body };
}

/** A body that is not JSON, or JSON that is no object. */
const notAnObject: fc.Arbitrary<Buffer> = fc.oneof(
  mutatedBytes(jsonBody({ locale: 'en', user: { id: 'u1' } })).filter((b) => {
    // An empty body is an empty object (a start with no options): not this kind.
    if (b.toString('utf8').trim() === '') return false;
    try {
      const v: unknown = JSON.parse(b.toString('utf8'));
      return typeof v !== 'object' || v === null || Array.isArray(v);
    } catch {
      return true;
    }
  }),
  fc.constantFrom('[]', '[{}]', '"x"', '1', 'true', '{', '{"a":', '{"a":1}}', '\u0000', 'undefined').map((s) => Buffer.from(s)),
  fc.uint8Array({ minLength: 1, maxLength: 500 }).map((a) => Buffer.from([0x7b, ...a])),
);

/** An activity that the Direct Line route refuses or only acknowledges (not a message). */
const notAMessage: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    type: fc.oneof(
      fc.constantFrom('typing', 'event', 'MESSAGE', 'message ', ''),
      oddText.filter((s) => s !== 'message'),
    ),
    text: oddJson,
  }),
  fc.record({ type: fc.constant('message'), text: oddJson.filter((v) => v !== undefined && v !== null && typeof v !== 'string') }),
  fc.record({
    type: fc.constant('message'),
    channelData: fc.oneof(oddText, fc.constant([]), fc.record({ clientActivityID: fc.oneof(fc.constant(''), fc.integer(), fc.constant('x'.repeat(201))) })),
  }),
  fc.record({
    type: fc.constant('message'),
    from: fc.oneof(oddText, fc.constant([]), fc.record({ id: fc.oneof(fc.constant(''), fc.integer(), fc.constant('u'.repeat(257))) })),
  }),
  fc.record({ type: fc.constant('message'), locale: fc.oneof(fc.integer(), fc.constant('x'.repeat(36)), fc.constant({})) }),
  fc.record({ type: fc.oneof(fc.integer(), fc.constant(null), fc.constant({}), fc.constant([])), text: oddText }),
);

/** Direct Line requests that must change nothing: bad credentials, bodies that are not activities, reads. */
export function refusedDirectLine(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const { conversationId: live, token: liveToken } = t.webchat;
  const fresh = conversationIdOf(0);
  const freshToken = `Bearer ${token(t, { conv: fresh })}`;
  const anyBody = fc.tuple(contentType, fc.oneof(oddJson.map(jsonBody), notAnObject, fc.constant(Buffer.alloc(0))));
  const ids = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(live, fresh) }, { weight: 1, arbitrary: pathSegment });

  // Tokens are not stored: any credential, any body.
  const generate = fc
    .tuple(fc.oneof(badCredentials(t, fresh), fc.constant(null)), anyBody)
    .map(([auth, [type, body]]) => dlRequest('directline: tokens/generate', 'POST', `${DL}/tokens/generate`, auth, type, body));
  const refresh = fc
    .tuple(
      fc.oneof(badCredentials(t, fresh), fc.constant(`Bearer ${liveToken}`), fc.constant(`Bearer ${token(t, { conv: live }, { expiresIn: -3 * 86_400 })}`)),
      anyBody,
    )
    .map(([auth, [type, body]]) => dlRequest('directline: tokens/refresh', 'POST', `${DL}/tokens/refresh`, auth, type, body));
  const startBad = fc
    .tuple(badCredentials(t, fresh), anyBody)
    .map(([auth, [type, body]]) => dlRequest('directline: start, bad credential', 'POST', `${DL}/conversations`, auth, type, body));
  const startNotObject = fc
    .tuple(
      fc.oneof(
        notAnObject.map((b) => ['application/json', b] as const),
        fc
          .record({ user: fc.oneof(oddText, fc.constant([]), fc.record({ id: fc.oneof(fc.integer(), fc.constant(''), fc.constant('u'.repeat(257))) })) })
          .map((b) => ['application/json', jsonBody(b)] as const),
        fc.record({ locale: fc.oneof(fc.integer(), fc.constant({}), fc.constant('l'.repeat(36))) }).map((b) => ['application/json', jsonBody(b)] as const),
        fc
          .tuple(
            contentType.filter((c) => c !== null && c !== '' && !/^\s*application\/json\s*(;|$)/i.test(c)),
            fc.oneof(
              oddJson.map(jsonBody),
              oddText.map((s) => Buffer.from(s || 'x')),
            ),
          )
          .map(([c, b]) => [c as string, b.length ? b : Buffer.from('x')] as const),
      ),
    )
    .map(([[type, body]]) => dlRequest('directline: start, not a start', 'POST', `${DL}/conversations`, freshToken, type, body));
  const reconnect = fc
    .tuple(ids, fc.oneof(badCredentials(t, live), fc.constant(`Bearer ${liveToken}`), fc.constant(freshToken), fc.constant(`Bearer ${t.directLineSecret}`)))
    .map(([id, auth]) => dlRequest('directline: reconnect', 'GET', `${DL}/conversations/${id}`, auth, null));
  const poll = fc
    .tuple(
      ids,
      fc.oneof(badCredentials(t, live), fc.constant(`Bearer ${liveToken}`), fc.constant(`Bearer ${t.directLineSecret}`)),
      fc.option(
        fc.oneof(
          queryString,
          oddText.map((w) => `watermark=${encodeURIComponent(w.replace(/[\ud800-\udfff]/g, ''))}`),
          fc.constantFrom(
            'watermark=1&watermark=2',
            'watermark[]=1',
            'watermark[a]=1',
            'watermark=-1',
            'watermark=1e3',
            'watermark=999999999999999',
            'watermark=9999999999999999999',
          ),
        ),
      ),
    )
    .map(([id, auth, q]) => dlRequest('directline: poll', 'GET', `${DL}/conversations/${id}/activities${q ? `?${q}` : ''}`, auth, null));
  const postBad = fc
    .tuple(ids, badCredentials(t, live), anyBody)
    .map(([id, auth, [type, body]]) => dlRequest('directline: post, bad credential', 'POST', `${DL}/conversations/${id}/activities`, auth, type, body));
  // The live conversation's own token, with bodies that are not a message: nothing may be kept.
  const postNotMessage = fc
    .tuple(fc.constantFrom(live, fresh), fc.oneof(notAnObject, notAMessage.map(jsonBody)))
    .map(([id, body]) =>
      dlRequest(
        'directline: post, not a message',
        'POST',
        `${DL}/conversations/${id}/activities`,
        id === live ? `Bearer ${liveToken}` : freshToken,
        'application/json',
        body,
      ),
    );
  const postWrongType = fc
    .tuple(
      contentType.filter((c) => c !== null && c !== '' && !/^\s*application\/json\s*(;|$)/i.test(c)),
      fc.oneof(oddJson.map(jsonBody), fc.constant(jsonBody({ type: 'message', text: 'yes' }))),
    )
    .map(([type, body]) =>
      dlRequest(
        'directline: post, not JSON',
        'POST',
        `${DL}/conversations/${live}/activities`,
        `Bearer ${liveToken}`,
        type,
        body.length ? body : Buffer.from('x'),
      ),
    );
  const otherMethod = fc
    .tuple(
      fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      fc.constantFrom('/tokens/generate', '/conversations', `/conversations/${live}/activities`, `/conversations/${live}`),
    )
    .map(([m, p]) => dlRequest('directline: other method', m, `${DL}${p}`, `Bearer ${liveToken}`, null));
  return fc.oneof(generate, refresh, startBad, startNotObject, reconnect, poll, postBad, postNotMessage, postWrongType, otherMethod);
}

/** Odd activities with a valid token of a conversation of their own: accepted or refused, stored only under that id. */
export function oddDirectLine(t: FuzzTarget): fc.Arbitrary<Numbered> {
  const activity = fc.record(
    {
      type: fc.constant('message'),
      text: oddText,
      from: fc.oneof(fc.record({ id: oddText, name: oddJson }, { requiredKeys: [] }), oddJson),
      locale: fc.oneof(fc.constantFrom('en', 'fr-CA', 'es', 'xx', 'EN-us', ''), oddText),
      channelData: fc.oneof(fc.record({ clientActivityID: oddText }), oddJson),
      attachments: fc.oneof(
        fc.array(fc.record({ contentType: oddText, contentUrl: oddText, name: oddJson }, { requiredKeys: [] }), { maxLength: 12 }),
        oddJson,
      ),
      value: oddJson,
      entities: oddJson,
    },
    { requiredKeys: ['type'] },
  );
  return fc.tuple(activity, fc.boolean(), fc.option(oddJson, { freq: 3 })).map(([a, start, startBody]) => (n: number) => {
    const id = conversationIdOf(n);
    const auth = `Bearer ${token(t, { conv: id, ...(n % 3 ? { user: `u${n}` } : {}) })}`;
    if (start) {
      const body = startBody === null ? jsonBody({ locale: a.locale, user: a.from }) : jsonBody(startBody);
      return { ...dlRequest('directline: start, odd body', 'POST', `${DL}/conversations`, auth, 'application/json', body), tags: [id] };
    }
    return { ...dlRequest('directline: post, odd message', 'POST', `${DL}/conversations/${id}/activities`, auth, 'application/json', jsonBody(a)), tags: [id] };
  });
}

// ---- Bot Framework --------------------------------------------------------------------------

/** The Emulator's activity, as in test/botframework.test.ts. */
function emulatorActivity(t: FuzzTarget, conversationId: string, text: string): Record<string, unknown> {
  return {
    type: 'message',
    id: `m-${conversationId}`,
    timestamp: new Date('2026-11-28T10:00:00Z').toISOString(),
    channelId: 'emulator',
    serviceUrl: t.connectorUrl,
    conversation: { id: conversationId },
    from: { id: 'user-1', name: 'User', role: 'user' },
    recipient: { id: 'bot', name: 'Bot', role: 'bot' },
    text,
    locale: 'en-US',
  };
}

const ACTIVITY_FIELDS = [
  'type',
  'id',
  'timestamp',
  'localTimestamp',
  'expiration',
  'channelId',
  'serviceUrl',
  'conversation',
  'from',
  'recipient',
  'text',
  'locale',
  'attachments',
  'channelData',
  'value',
  'entities',
  'membersAdded',
  'replyToId',
  'name',
  'textFormat',
];

/** Values each activity field might get from a broken or hostile client (never another host's URL). */
const fieldValue = (t: FuzzTarget) =>
  fc.oneof(
    { weight: 4, arbitrary: oddJson },
    { weight: 2, arbitrary: oddText },
    {
      weight: 1,
      arbitrary: fc.constantFrom('message', 'conversationUpdate', 'typing', 'invoke', 'event', 'endOfConversation', 'installationUpdate', 'messageReaction'),
    },
    { weight: 1, arbitrary: fc.constantFrom('sms', 'whatsapp', 'directline', 'webchat', 'emulator', 'msteams', '') },
    { weight: 1, arbitrary: fc.constantFrom('not a date', '2026-13-45T99:99:99Z', '', '0', '9999999999999999') },
    { weight: 1, arbitrary: fc.constantFrom(`${t.connectorUrl}/`, `${t.connectorUrl}/a/../b`, 'not a url', '', 'ftp://127.0.0.1/', 'http://', '//') },
    { weight: 1, arbitrary: fc.record({ id: oddJson, name: oddJson, isGroup: oddJson }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.array(fc.record({ id: oddJson, name: oddJson }, { requiredKeys: [] }), { maxLength: 3 }) },
  );

/** Activities the Emulator might send, mutated; each in a conversation of its own (its tag). */
export function oddBotFramework(t: FuzzTarget): fc.Arbitrary<Numbered> {
  return fc
    .tuple(
      oddText,
      fc.array(fc.tuple(fc.constantFrom(...ACTIVITY_FIELDS), fc.oneof(fieldValue(t), fc.constant(undefined))), { maxLength: 4 }),
      fc.option(headerValue, { freq: 6 }),
    )
    .map(([text, edits, auth]) => (n: number) => {
      const tag = `fzbf${n}q`;
      const a = emulatorActivity(t, tag, text);
      for (const [k, v] of edits) {
        if (k === 'conversation' || k === 'type') continue; // mutated below, keeping the tag and some type
        if (v === undefined) delete a[k];
        else a[k] = v;
      }
      const conv = edits.find(([k]) => k === 'conversation');
      if (conv) a.conversation = { id: tag, isGroup: conv[1], name: conv[1] };
      const type = edits.find(([k]) => k === 'type');
      if (type && typeof type[1] === 'string') a.type = type[1];
      return {
        family: 'botframework: odd activity',
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json', ...(auth === null ? {} : { authorization: auth }) },
        body: jsonBody(a),
        tags: [tag],
      };
    });
}

/** Bodies that are no activity at all: not JSON, not an object, no type, wrong content type, wrong method. */
export function refusedBotFramework(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const valid = jsonBody(emulatorActivity(t, 'fzbf-refused', 'yes'));
  const noType = (v: unknown): unknown => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Record<string, unknown>).type === 'string') {
      const { type, ...rest } = v as Record<string, unknown>;
      return { ...rest, type: type === '' ? 1 : null };
    }
    return v;
  };
  const bodies = fc.oneof(
    mutatedBytes(valid).filter((b) => {
      try {
        return typeof (JSON.parse(b.toString('utf8')) as Record<string, unknown> | null)?.type !== 'string';
      } catch {
        return true;
      }
    }),
    oddJson.map((v) => jsonBody(noType(v))),
    fc
      .record({ type: fc.oneof(fc.integer(), fc.constant(null), fc.constant({}), fc.constant([]), fc.constant(true)), text: oddText, conversation: oddJson })
      .map(jsonBody),
    fc.constant(jsonBody({ ...emulatorActivity(t, 'fzbf-refused', 'yes'), type: undefined })),
  );
  const json = bodies.map((body) => ({
    family: 'botframework: no activity',
    method: 'POST',
    path: '/api/messages',
    headers: { 'content-type': 'application/json' },
    body,
  }));
  const wrongType = fc
    .tuple(
      contentType.filter((c) => c !== null && c !== '' && !/^\s*application\/json\s*(;|$)/i.test(c)),
      fc.oneof(fc.constant(valid), bodies),
    )
    .map(([type, body]) => ({
      family: 'botframework: not JSON',
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': type as string },
      body: body.length ? body : Buffer.from('x'),
    }));
  const otherMethod = fc
    .constantFrom('GET', 'PUT', 'DELETE', 'PATCH')
    .map((method) => ({ family: 'botframework: other method', method, path: '/api/messages', headers: {} }));
  // A well-formed activity that claims a family's SMS or web conversation: only their own routes reach those.
  const impersonation = fc
    .tuple(
      fc.constantFrom(
        ['sms', t.smsNumber],
        ['whatsapp', `whatsapp:${t.smsNumber}`],
        ['directline', t.webchat.conversationId],
        ['webchat', t.webchat.conversationId],
      ),
      fc.constantFrom('STOP', 'yes', 'no', 'Hello'),
    )
    .map(([[channelId, address], text]) => ({
      family: 'botframework: another channel',
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'application/json' },
      body: jsonBody({ ...emulatorActivity(t, address, text), channelId, from: { id: address } }),
    }));
  return fc.oneof(
    { weight: 4, arbitrary: json },
    { weight: 2, arbitrary: wrongType },
    { weight: 1, arbitrary: otherMethod },
    { weight: 1, arbitrary: impersonation },
  );
}

// ---- Signing in, acknowledgement links ------------------------------------------------------

const LOGIN_FIELDS = ['csrf', 'next', 'email', 'password'];

function loginForm(fields: Record<string, unknown>): Buffer {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, String(x));
  return Buffer.from(u.toString());
}

/** Sign-in posts without the form's pair (or with a forged one): 403, no attempt counted. */
export function refusedLogin(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const [nonce] = t.login.field.split('.');
  const csrf = fc.oneof(
    fc.constant(undefined),
    oddText,
    fc.constantFrom(`${nonce}.${'A'.repeat(43)}`, `${nonce}.`, '.', nonce, t.login.field + 'x', t.login.field.slice(0, -1)),
  );
  const cookie = fc.oneof(
    fc.constant(null),
    headerValue.map((v) => `pi_login=${v.replace(/[;,]/g, '')}`),
    fc.constant(`pi_login=${t.login.cookie}x`),
    fc.constant(`other=1; pi_login=`),
  );
  const form = fc.record({ csrf, next: oddText, email: fc.oneof(oddText, fc.constant(t.attorneyEmail)), password: oddText }, { requiredKeys: [] });
  const posted = fc.tuple(form, cookie, fc.oneof(fc.constant('application/x-www-form-urlencoded'), contentType), fc.boolean()).map(([f, c, type, asJson]) => {
    const headers: Record<string, string> = {};
    if (c !== null) headers.cookie = c;
    if (type !== null) headers['content-type'] = asJson ? 'application/json' : type;
    return { family: 'login: no form token', method: 'POST', path: '/login', headers, body: asJson ? jsonBody(f) : loginForm(f) };
  });
  // The right pair's field with the cookie of another form: also a forgery.
  const crossed = form.map((f): FuzzRequest => ({
    family: 'login: crossed form token',
    method: 'POST',
    path: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `pi_login=${t.login.cookie.slice(1)}A` },
    body: loginForm({ ...f, csrf: t.login.field }),
  }));
  const page = fc.tuple(fc.option(queryString), fc.option(headerValue)).map(([q, c]): FuzzRequest => ({
    family: 'login: the form',
    method: 'GET',
    path: `/login${q ? `?${q}` : ''}`,
    headers: c === null ? {} : { cookie: `pi_session=${c.replace(/[;,]/g, '')}` },
  }));
  const ack = fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'PUT'),
      pathSegment.filter((s) => s !== ''),
      fc.option(contentType),
      oddText,
    )
    .map(([method, token, type, form]): FuzzRequest => ({
      family: 'ack link',
      method,
      path: `/ack/${token}`,
      headers: type === null ? {} : { 'content-type': type },
      body: method === 'GET' ? undefined : loginForm({ form }),
    }));
  return fc.oneof({ weight: 4, arbitrary: posted }, { weight: 1, arbitrary: crossed }, { weight: 2, arbitrary: page }, { weight: 2, arbitrary: ack });
}

/** One character of a token changed: it no longer verifies (tokens are compared as text). */
function altered(token: string): fc.Arbitrary<string> {
  return fc.nat(token.length - 1).map((i) => token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1));
}

/** The real page's link with a forged, missing or stale form token, or an altered link: nothing acknowledged. */
export function refusedAck(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const link = `/ack/${t.ack.token}`;
  const show = fc
    .option(queryString)
    .map((q): FuzzRequest => ({ family: 'ack link: the page', method: 'GET', path: `${link}${q ? `?${q}` : ''}`, headers: {} }));
  const forms = fc.oneof(fc.constant(undefined), oddText, altered(t.ack.form), fc.constant(t.ack.form.slice(1)), fc.constant(`${t.ack.form} `));
  const forged = fc.tuple(forms, fc.dictionary(fc.constantFrom('back', 'csrf', 'ack', 'x'), oddText, { maxKeys: 2 })).map(([form, extra]): FuzzRequest => ({
    family: 'ack link: forged form',
    method: 'POST',
    path: link,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: loginForm({ ...extra, ...(form === undefined ? {} : { form }) }),
  }));
  // The right form token, sent as something other than the form (415) or to an altered link (404).
  const notAForm = contentType
    .filter((c) => c !== null && c !== '' && !/^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(c))
    .map((type): FuzzRequest => ({
      family: 'ack link: not a form',
      method: 'POST',
      path: link,
      headers: { 'content-type': type as string },
      body: loginForm({ form: t.ack.form }),
    }));
  const otherLink = fc.tuple(fc.constantFrom('GET', 'POST'), altered(t.ack.token)).map(([method, token]): FuzzRequest => ({
    family: 'ack link: altered',
    method,
    path: `/ack/${encodeURIComponent(token)}`,
    headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: method === 'POST' ? loginForm({ form: t.ack.form }) : undefined,
  }));
  return fc.oneof(show, forged, notAForm, otherLink);
}

/** Texts from the on-call attorney's pager: acknowledgements (or not), never a 5xx. */
export function oddPagerSms(t: FuzzTarget): fc.Arbitrary<Numbered> {
  return fc
    .tuple(fc.oneof(oddText, fc.constantFrom('ACK', 'ack', 'OK', 'yes', '1', 'HP-', 'STOP')), fc.array(paramEdit, { maxLength: 2 }))
    .map(([body, edits]) => (n: number) => {
      const p: WebhookParams = webhookParams(t, t.pagerNumber, `SMpager${n}`, body);
      for (const edit of edits) edit(p);
      p.From = t.pagerNumber;
      const form = formOf(p);
      return {
        family: 'sms: from the pager',
        method: 'POST',
        path: '/api/sms',
        headers: { 'content-type': FORM_TYPES[0], 'x-twilio-signature': signature(t, '/api/sms', form) },
        body: Buffer.from(form),
      };
    });
}

/** Sign-in posts with the form's pair and odd fields: refused or let in, never a 5xx. */
export function oddLogin(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const value = fc.oneof(oddText, fc.array(oddText, { minLength: 2, maxLength: 3 }), fc.constant(t.attorneyEmail), fc.constant(t.attorneyEmail.toUpperCase()));
  return fc
    .tuple(
      fc.record({ next: value, email: value, password: value, extra: value }, { requiredKeys: [] }),
      fc.array(fc.constantFrom(...LOGIN_FIELDS), { maxLength: 2 }),
    )
    .map(([f, repeated]) => {
      const fields: Record<string, unknown> = { csrf: t.login.field, ...f };
      for (const name of repeated) fields[name] = [fields[name] ?? '', 'again'];
      return {
        family: 'login: odd fields',
        method: 'POST',
        path: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `pi_login=${t.login.cookie}` },
        body: loginForm(fields),
      };
    });
}

/** Anything at all, anywhere: random methods, paths, headers and bytes (refused or read-only). */
export function anything(): fc.Arbitrary<FuzzRequest> {
  const paths = fc.oneof(
    fc.constantFrom('/api/sms', '/api/messages', '/login', `${DL}/tokens/generate`, `${DL}/tokens/refresh`, `${DL}/conversations`, '/ack'),
    pathSegment.map((s) => `/${s}`),
  );
  return fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      paths,
      fc.dictionary(
        fc.constantFrom('x-twilio-signature', 'authorization', 'cookie', 'accept', 'accept-encoding', 'x-forwarded-for', 'x-ms-bot-agent', 'origin'),
        headerValue,
        { maxKeys: 4 },
      ),
      contentType,
      fc.uint8Array({ maxLength: 3_000 }),
    )
    .map(([method, path, headers, type, bytes]) => ({
      family: 'random request',
      method,
      path,
      headers: { ...headers, ...(type === null ? {} : { 'content-type': type }) },
      body: method === 'GET' || method === 'HEAD' ? undefined : Buffer.from(bytes),
    }));
}

// ---- Every route: bodies refused before they are read --------------------------------------

/**
 * For each route of the server's table, a request it would take (or at least read): the real
 * clients' requests where there are some (a signed webhook, a Direct Line message with its
 * token, the Emulator's activity, the sign-in form with its pair, the acknowledgement form), else
 * a JSON or form body with the path's parameters filled in. A GET gets a body too.
 */
export function routeRequests(t: FuzzTarget, routes: readonly RouteInfo[]): FuzzRequest[] {
  const live = t.webchat.conversationId;
  const fill = (path: string) => path.replace(/:(\w+)/g, (_m, name: string) => (name === 'token' ? t.ack.token : path.startsWith(DL) ? live : 'x'));
  const form = 'application/x-www-form-urlencoded';
  return routes.map((r): FuzzRequest => {
    const path = fill(r.path);
    const family = `every route: ${r.method} ${r.path}`;
    const base = (type: string, body: Buffer, headers: Record<string, string> = {}): FuzzRequest => ({
      family,
      method: r.method,
      path,
      headers: { 'content-type': type, ...headers },
      body,
    });
    if (r.method === 'POST' && r.path === '/api/sms') {
      const body = formOf(webhookParams(t, t.smsNumber, 'SMeveryroute', 'yes'));
      return base(form, Buffer.from(body), { 'x-twilio-signature': signature(t, '/api/sms', body) });
    }
    if (r.method === 'POST' && r.path === '/api/messages') return base('application/json', jsonBody(emulatorActivity(t, 'fzbf-everyroute', 'Hello')));
    if (r.method === 'POST' && r.path.startsWith(DL)) {
      const activity = r.path.endsWith('/activities') ? { type: 'message', text: 'yes', channelData: { clientActivityID: 'everyroute' } } : { locale: 'en' };
      return base('application/json', jsonBody(activity), { authorization: `Bearer ${r.path.endsWith('/generate') ? t.directLineSecret : t.webchat.token}` });
    }
    if (r.method === 'POST' && r.path === '/login')
      return base(form, loginForm({ csrf: t.login.field, next: '', email: t.attorneyEmail, password: 'not the password 1234' }), {
        cookie: `pi_login=${t.login.cookie}`,
      });
    if (r.method === 'POST' && r.path === '/ack/:token') return base(form, loginForm({ form: t.ack.form }));
    if (r.path.startsWith('/api/') || r.path.startsWith(DL)) return base('application/json', jsonBody({ status: 'in_review' }));
    return base(form, loginForm({ x: '1' }));
  });
}

/** Each route's request, its body encoded, broken, made multipart or grown past the limit: refused (415 or 413), whichever the route. */
export function refusedBodies(t: FuzzTarget, routes: readonly RouteInfo[]): fc.Arbitrary<FuzzRequest> {
  // The upload routes read multipart themselves (refusedUploads): for them a multipart body is only refused, its status theirs.
  const takesMultipart = (r: FuzzRequest) => UPLOAD_PATHS.some((p) => p.test(r.path));
  return fc.constantFrom(...routeRequests(t, routes)).chain((r) =>
    refusedBody(r.body ?? Buffer.alloc(0), (r.headers['content-type'] as string | undefined) ?? null).map((b): FuzzRequest => ({
      family: `${r.family}, ${b.how}`,
      method: r.method,
      path: r.path,
      headers: { ...Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'content-type')), ...b.headers },
      body: b.body,
      chunked: b.chunked,
      ...(takesMultipart(r) && b.how.startsWith('multipart') ? {} : { expectStatus: b.status }),
    })),
  );
}

// ---- Uploads: broken multipart to Direct Line's upload ---------------------------------------

const UPLOAD_PATHS = [/^\/documents\//, /^\/v3\/directline\/conversations\/[^/]+\/upload/];

/**
 * Multipart bodies Direct Line's upload must refuse, with the live conversation's token: cut off,
 * garbled, without a boundary, a file before its activity, an activity that is no JSON or too
 * large, a path for a name, too many parts. Each a 4xx; nothing kept (the store stays as it was).
 */
export function refusedUploads(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const B = 'fuzzB0undary';
  const part = (name: string, data: Buffer | string, filename?: string) =>
    Buffer.concat([
      Buffer.from(
        `--${B}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(data) ? data : Buffer.from(data),
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${B}--\r\n`);
  const activity = (text: string) => part('activity', JSON.stringify({ type: 'message', text }), 'blob');
  const pdfLike = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n');
  const bodies: fc.Arbitrary<{ how: string; body: Buffer; type: string }> = fc.oneof(
    fc.tuple(fc.nat(400), oddText).map(([n, text]) => {
      const whole = Buffer.concat([activity(text), part('file', pdfLike, 'a.pdf'), end]);
      return { how: 'cut off', body: whole.subarray(0, Math.min(n, whole.length - 3)), type: `multipart/form-data; boundary=${B}` };
    }),
    fc.uint8Array({ maxLength: 2_000 }).map((b) => ({ how: 'garbage', body: Buffer.from(b), type: `multipart/form-data; boundary=${B}` })),
    fc.constant({ how: 'no boundary', body: Buffer.concat([activity('x'), end]), type: 'multipart/form-data' }),
    oddText.map((name) => ({
      how: 'file before activity',
      body: Buffer.concat([part('file', pdfLike, name), activity('x'), end]),
      type: `multipart/form-data; boundary=${B}`,
    })),
    oddJson.map((j) => ({
      how: 'odd activity',
      body: Buffer.concat([part('activity', JSON.stringify(j), 'blob'), end]),
      type: `multipart/form-data; boundary=${B}`,
    })),
    fc.constant({ how: 'no file', body: Buffer.concat([activity('hello'), end]), type: `multipart/form-data; boundary=${B}` }),
    fc.constant({
      how: 'activity too large',
      body: Buffer.concat([part('activity', JSON.stringify({ type: 'message', text: 'x'.repeat(70_000) }), 'blob'), part('file', pdfLike, 'a.pdf'), end]),
      type: `multipart/form-data; boundary=${B}`,
    }),
    fc.integer({ min: 12, max: 40 }).map((n) => ({
      how: 'too many parts',
      body: Buffer.concat([...Array.from({ length: n }, (_, i) => part(`f${i}`, 'x', `../../etc/p${i}`)), end]),
      type: `multipart/form-data; boundary=${B}`,
    })),
  );
  return fc.tuple(bodies, fc.boolean()).map(([b, chunked]) => ({
    family: `upload: ${b.how}`,
    method: 'POST',
    path: `${DL}/conversations/${t.webchat.conversationId}/upload?userId=fuzz`,
    headers: { 'content-type': b.type, authorization: `Bearer ${t.webchat.token}` },
    body: b.body,
    chunked,
  }));
}
