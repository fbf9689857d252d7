/**
 * Direct Line activities: what a client posts, checked and turned into the activity the bot runs;
 * and the stored transcript turned into the activity list the client polls.
 */
import type { Activity, Attachment } from 'botbuilder';
import { webActivity } from '../../bot/activities';
import { authorOf, type TranscriptEntry } from '../../store/store';
import { isUserId } from './tokens';

export const CHANNEL_ID = 'directline';
export const BOT_ID = 'bot';
const DEFAULT_USER = 'user';
const MAX_CLIENT_ACTIVITY_ID = 200;
const MAX_LOCALE = 35;
const MAX_ATTACHMENTS = 10;
const MAX_URL = 2048;
const LONE_SURROGATE = /\p{Cs}/u;

/** A posted body that cannot be an activity: the message says which field (never its content). */
export class ActivityError extends Error {}

export interface PostedActivity {
  type: string;
  text: string;
  userId: string | null;
  locale: string | null;
  clientActivityID: string | null;
  attachments: Attachment[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON body as an object; an absent body is an empty one. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (!isObject(body)) throw new ActivityError('the body must be a JSON object');
  return body;
}

export function localeIn(body: Record<string, unknown>): string | null {
  const { locale } = body;
  if (locale === undefined || locale === null) return null;
  if (typeof locale !== 'string' || locale.length > MAX_LOCALE) throw new ActivityError('locale must be a language tag such as "fr"');
  return locale;
}

/**
 * A watermark the client sends back (a query parameter): a position this service returned, or
 * nothing (null: from the start).
 */
export function watermarkIn(given: unknown): number | null {
  if (given === undefined || given === null) return null;
  const mark = typeof given === 'string' ? given.trim() : null;
  if (mark === null || (mark !== '' && !/^\d{1,15}$/.test(mark))) throw new ActivityError('watermark must be one this service returned');
  return mark === '' ? null : Number(mark);
}

/** `{ user: { id } }` (start, generate) or `{ from: { id } }` (an activity). */
export function userIn(body: Record<string, unknown>, field: 'user' | 'from'): string | null {
  const who = body[field];
  if (who === undefined || who === null) return null;
  if (!isObject(who)) throw new ActivityError(`${field} must be an object`);
  if (who.id === undefined || who.id === null) return null;
  if (!isUserId(who.id)) throw new ActivityError(`${field}.id must be a string of 1 to 256 characters`);
  return who.id;
}

export function postedActivity(body: unknown): PostedActivity {
  const a = objectBody(body);
  if (typeof a.type !== 'string' || !a.type) throw new ActivityError('type is required');
  if (a.text !== undefined && a.text !== null && typeof a.text !== 'string') throw new ActivityError('text must be a string');
  let clientActivityID: string | null = null;
  if (a.channelData !== undefined && a.channelData !== null) {
    if (!isObject(a.channelData)) throw new ActivityError('channelData must be an object');
    const id = a.channelData.clientActivityID;
    if (id !== undefined && id !== null) {
      // An unpaired surrogate is stored as U+FFFD: the id would not read back equal, and the
      // message would never count as processed (a 500, found by test/fuzz.test.ts).
      if (typeof id !== 'string' || !id || id.length > MAX_CLIENT_ACTIVITY_ID || LONE_SURROGATE.test(id)) {
        throw new ActivityError(`channelData.clientActivityID must be a string of 1 to ${MAX_CLIENT_ACTIVITY_ID} characters`);
      }
      clientActivityID = id;
    }
  }
  return {
    type: a.type,
    text: typeof a.text === 'string' ? a.text : '',
    userId: userIn(a, 'from'),
    locale: localeIn(a),
    clientActivityID,
    attachments: attachmentsIn(a.attachments),
  };
}

/** Only attachments that point somewhere on the web are kept (their URL is what the intake records). */
function attachmentsIn(value: unknown): Attachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ActivityError('attachments must be an array');
  if (value.length > MAX_ATTACHMENTS) throw new ActivityError(`at most ${MAX_ATTACHMENTS} attachments`);
  return value.flatMap((x): Attachment[] => {
    if (!isObject(x) || typeof x.contentUrl !== 'string' || x.contentUrl.length > MAX_URL) return [];
    if (!/^https?:\/\//i.test(x.contentUrl)) return [];
    const contentType = typeof x.contentType === 'string' ? x.contentType : 'application/octet-stream';
    return [{ contentType, contentUrl: x.contentUrl, ...(typeof x.name === 'string' ? { name: x.name } : {}) }];
  });
}

const address = (conversationId: string) => ({
  channelId: CHANNEL_ID,
  conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  recipient: { id: BOT_ID, name: '', role: 'bot' },
  serviceUrl: '',
});

/** The conversation opens: the user joins, and the bot greets. */
export function conversationUpdate(conversationId: string, id: string, userId: string | null, locale: string | null): Partial<Activity> {
  const user = { id: userId ?? DEFAULT_USER, name: '', role: 'user' };
  return {
    ...address(conversationId),
    type: 'conversationUpdate',
    id,
    from: user,
    membersAdded: [user],
    timestamp: new Date(),
    ...(locale ? { locale } : {}),
  };
}

/** A posted message as the bot receives it: our id, our clock, the caller's user id. */
export function messageActivity(conversationId: string, id: string, posted: PostedActivity, userId: string | null): Partial<Activity> {
  return {
    ...address(conversationId),
    type: 'message',
    id,
    from: { id: userId ?? posted.userId ?? DEFAULT_USER, name: '', role: 'user' },
    text: posted.text,
    timestamp: new Date(),
    ...(posted.locale ? { locale: posted.locale } : {}),
    ...(posted.attachments.length ? { attachments: posted.attachments } : {}),
    ...(posted.clientActivityID ? { channelData: { clientActivityID: posted.clientActivityID } } : {}),
  };
}

/** A transcript entry as the client sees it in the activity list. */
export function listedActivity(entry: TranscriptEntry, conversationId: string, botName: string): Partial<Activity> {
  const common = { id: entry.messageId, timestamp: entry.at as unknown as Date, channelId: CHANNEL_ID, conversation: { id: conversationId } };
  if (entry.direction === 'in') {
    const payload = entry.payload ?? {};
    const userId = typeof payload.userId === 'string' ? payload.userId : DEFAULT_USER;
    const clientActivityID = typeof payload.clientActivityID === 'string' ? payload.clientActivityID : null;
    // Files sent with it (upload.ts): their names and types only, never a way to their content.
    const attachments = Array.isArray(payload.attachments)
      ? (payload.attachments as Array<{ name?: unknown; contentType?: unknown }>).flatMap((a) =>
          typeof a.name === 'string' && typeof a.contentType === 'string' ? [{ name: a.name, contentType: a.contentType }] : [],
        )
      : [];
    return {
      type: 'message',
      ...common,
      from: { id: userId, name: '', role: 'user' },
      text: entry.text,
      ...(attachments.length ? { attachments } : {}),
      ...(clientActivityID ? { channelData: { clientActivityID } } : {}),
    } as Partial<Activity>;
  }
  // An attorney's message (takeover.ts) says so, for the page to show; never who it was by account.
  const shown = entry.rendered
    ? webActivity(entry.rendered, entry.language ?? 'en')
    : { type: 'message', text: entry.text, ...(authorOf(entry).kind === 'attorney' ? { channelData: { author: 'attorney' } } : {}) };
  return {
    ...shown,
    ...common,
    from: { id: BOT_ID, name: botName, role: 'bot' },
    ...(entry.replyTo ? { replyToId: entry.replyTo } : {}),
  } as Partial<Activity>;
}
