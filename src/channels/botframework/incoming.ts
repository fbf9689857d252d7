/**
 * What a Bot Framework channel (or the Emulator) posts, checked before botbuilder sees it.
 * botbuilder's own check asks only for an object with a string `type`; a non-string id, a
 * timestamp that is no date, attachments that are no list, a serviceUrl that is no URL or a
 * conversation whose isGroup is no boolean then failed deep in the turn, as a 500 (found by
 * test/fuzz.test.ts). Every field botbuilder or the bot reads must have its protocol type;
 * the rest passes as it is.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** An unpaired surrogate: the store writes it as U+FFFD, so an id with one would not read back equal. */
const LONE_SURROGATE = /\p{Cs}/u;

const wellFormed = z.string().refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode');
const id = wellFormed.min(1).max(1024);
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date');
const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

const account = z.looseObject({ id, name: z.string().optional(), role: z.string().optional(), aadObjectId: z.string().optional() });

const ActivityShape = z.looseObject({
  type: z.string().min(1),
  id: id.optional(),
  timestamp: date.optional(),
  localTimestamp: date.optional(),
  expiration: date.optional(),
  channelId: z.string().min(1).max(256),
  serviceUrl: httpUrl,
  conversation: z.looseObject({
    id,
    name: z.string().optional(),
    isGroup: z.boolean().optional(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
  }),
  from: account,
  recipient: account.optional(),
  text: z.string().optional(),
  textFormat: z.string().optional(),
  locale: z.string().max(64).optional(),
  replyToId: z.string().optional(),
  name: z.string().optional(),
  attachments: z.array(z.looseObject({ contentType: z.string().optional(), contentUrl: z.string().optional(), name: z.string().optional() })).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
});

/** Why this body is not an activity (the field's path, never its content); null when it is one. */
export function activityProblem(body: unknown): string | null {
  const r = ActivityShape.safeParse(body);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return `not an activity: ${issue.path.join('.') || 'the body'} ${issue.message}`.slice(0, 300);
}

/**
 * The checked body as botbuilder's Activity: its date fields as Dates, their text kept beside them
 * (what CloudAdapter.process() does before a turn, done here since the route runs the turn itself).
 * The turn's time is when this server received it, not the caller's `timestamp` (kept as
 * rawTimestamp): a caller's clock would otherwise decide the family's reminders and lifetime, and
 * what "tomorrow" means in their answer.
 */
export function toActivity(body: Record<string, unknown>, receivedAt: Date = new Date()): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  activity.timestamp = receivedAt;
  return activity as unknown as Activity;
}
