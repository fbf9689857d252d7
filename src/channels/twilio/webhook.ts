/**
 * Twilio's Messaging webhook, translated: its form parameters become a botbuilder activity, and
 * the texts of a turn become TwiML. Nothing here stores or logs anything.
 */
import type { Activity, Attachment } from 'botbuilder';
import twilio from 'twilio';

/** The webhook's parameters exactly as Twilio signed them (a repeated name keeps every value). */
export type WebhookParams = Record<string, string | string[]>;

/** Twilio sends at most 10 media items with a message. */
const MAX_MEDIA = 10;

/** Parses an application/x-www-form-urlencoded body without nesting (qs would turn `a[b]` into objects). */
export function parseForm(body: string): WebhookParams {
  const params: WebhookParams = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    if (seen === undefined) params[name] = value;
    else params[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/** A parameter's single value ('' when absent; the last one when repeated). */
export function param(params: WebhookParams, name: string): string {
  const v = params[name];
  if (v === undefined) return '';
  return Array.isArray(v) ? (v[v.length - 1] ?? '') : v;
}

/** A status callback (delivery report) rather than an incoming message. */
export function isStatusCallback(params: WebhookParams): boolean {
  return param(params, 'MessageStatus') !== '';
}

/**
 * With Twilio's Advanced Opt-Out the keyword lists are the account's own (any language):
 * Twilio says which kind the message was. Its canonical word is what the intake understands.
 */
const OPT_OUT_TYPES: Record<string, string> = { STOP: 'STOP', START: 'START', HELP: 'HELP' };

/** The MediaUrls of a message, in order (at most Twilio's 10). */
export function mediaUrlsOf(params: WebhookParams): string[] {
  return mediaOf(params).map((a) => a.contentUrl!);
}

function mediaOf(params: WebhookParams): Attachment[] {
  const count = Math.min(Math.max(Number.parseInt(param(params, 'NumMedia'), 10) || 0, 0), MAX_MEDIA);
  const out: Attachment[] = [];
  for (let i = 0; i < count; i++) {
    const url = param(params, `MediaUrl${i}`);
    if (!url) continue;
    out.push({ contentType: param(params, `MediaContentType${i}`) || 'application/octet-stream', contentUrl: url });
  }
  return out;
}

/** The incoming message as an activity: sms or whatsapp, one conversation per sender's number. */
export function activityOf(params: WebhookParams, now: Date): Partial<Activity> {
  const from = param(params, 'From');
  const to = param(params, 'To');
  const channelId = from.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
  const optOutType = OPT_OUT_TYPES[param(params, 'OptOutType').toUpperCase()];
  const attachments = mediaOf(params);
  return {
    type: 'message',
    channelId,
    id: param(params, 'MessageSid'),
    timestamp: now,
    conversation: { id: from, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: from, name: '', role: 'user' },
    recipient: { id: to, name: '', role: 'bot' },
    text: optOutType ?? param(params, 'Body'),
    ...(attachments.length ? { attachments } : {}),
    channelData: { accountSid: param(params, 'AccountSid') },
  };
}

/** The replies as TwiML: one <Message> per text. */
export function twimlOf(texts: readonly string[]): string {
  const response = new twilio.twiml.MessagingResponse();
  for (const text of texts) response.message(text);
  return response.toString();
}
