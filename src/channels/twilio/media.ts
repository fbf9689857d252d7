/**
 * MMS and WhatsApp media (issue 16, item 3). Twilio keeps a message's media until it is deleted,
 * at a MediaUrl that needs the account's credentials and redirects to storage. After the webhook
 * has answered (Twilio waits 15 s at most, and retries), each item is fetched, passed to the
 * document desk for the conversation's intake ('other'), then deleted from Twilio; a file the desk
 * refuses is deleted as well, and the family is told why by SMS.
 *
 * Exactly once: each item is claimed in the store by its conversation, message and position
 * (claimJob, the scheduled jobs' claim: one caller wins across instances and retries), so a
 * retried webhook stores nothing twice; what a claim leads to is recorded (finishJob). A claim
 * left unfinished (the process died in the middle) is taken up again once by `resume` at start,
 * from the inbound message, which the webhook's turn stored durably before anything else: the
 * media is still on Twilio then, nothing is lost. The claim names no number and no file.
 *
 * Only MediaUrls of this account under Twilio's API are fetched with its credentials (never a URL
 * of anyone's choosing), through the REST client's API root (TWILIO_API_URL in tests); the
 * storage it redirects to is fetched without them. The size is capped while streaming.
 */
import { Readable } from 'node:stream';
import type { Channel, Lang } from '../../../dialogs/context';
import type { Config } from '../../config/env';
import { OTHER_ITEM, type DocumentDesk, type Refusal } from '../../documents/contract';
import type { DocumentWords } from '../../documents/wording';
import type { ProactiveSender } from '../../conversation/scheduler';
import type { IntakeEngine } from '../../engine/intake-engine';
import type { Logger } from '../../log';
import type { ConversationKey, Store } from '../../store/store';
import { uploadWords } from '../../web/upload-words';
import { RedirectingRequestClient } from './sender';

export const MEDIA_JOB = 'twilio-media';
const MAX_REDIRECTS = 3;
/** An unfinished claim older than this was left by a process that died: taken up again. */
const STALE_MS = 10 * 60 * 1000;
const TWILIO_API = 'https://api.twilio.com';
const MEDIA_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\/((?:MM|SM)[0-9a-fA-F]{32})\/Media\/(ME[0-9a-fA-F]{32})$/;

export interface MediaDeps {
  config: Config;
  store: Store;
  engine: IntakeEngine;
  documents: DocumentDesk;
  documentWords: DocumentWords;
  senders: Partial<Record<Channel, ProactiveSender>>;
  logger: Logger;
  instanceId: string;
}

/** The media item a MediaUrl names, if it is one of this account's under Twilio's API; else null. */
export function mediaItemOf(url: string, accountSid: string): { path: string; messageSid: string; mediaSid: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.origin !== TWILIO_API || u.search || u.username || u.password) return null;
  const m = MEDIA_PATH.exec(u.pathname);
  if (!m || m[1] !== accountSid) return null;
  return { path: u.pathname, messageSid: m[2], mediaSid: m[3] };
}

class TooLarge extends Error {}
type Fetched = { ok: true; content: AsyncIterable<Uint8Array> } | { ok: false; why: 'gone' | 'too_large' | 'failed' };

/** The bytes of `body`, stopping with TooLarge past `max`. */
async function* capped(body: AsyncIterable<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) throw new TooLarge('over the cap');
    yield chunk;
  }
}

export class TwilioMedia {
  private readonly api: (path: string) => string;
  private readonly auth: string;
  private readonly words = uploadWords();

  constructor(private readonly d: MediaDeps) {
    const t = d.config.twilio!;
    const rewrite = t.apiUrl ? new RedirectingRequestClient(t.apiUrl) : null;
    this.api = (path) => (rewrite ? rewrite.rewrite(`${TWILIO_API}${path}`) : `${TWILIO_API}${path}`);
    this.auth = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString('base64')}`;
  }

  /** Fetches the item: Twilio with the credentials, then the storage it redirects to without them. */
  private async fetch(path: string): Promise<Fetched> {
    let url = this.api(path);
    let headers: Record<string, string> = { Authorization: this.auth };
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        const next = new URL(res.headers.get('location')!, url);
        if (next.protocol !== 'https:' && next.protocol !== 'http:') return { ok: false, why: 'failed' };
        // Credentials go with the MediaUrl only, never to where it sends us (storage needs none).
        headers = {};
        url = next.toString();
        continue;
      }
      if (res.status === 404) {
        await res.body?.cancel();
        return { ok: false, why: 'gone' };
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        return { ok: false, why: 'failed' };
      }
      const max = this.d.config.documents.maxFileBytes;
      if (Number(res.headers.get('content-length') ?? 0) > max) {
        await res.body.cancel();
        return { ok: false, why: 'too_large' };
      }
      return { ok: true, content: capped(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), max) };
    }
    return { ok: false, why: 'failed' };
  }

  private async remove(path: string): Promise<boolean> {
    const res = await fetch(this.api(path), { method: 'DELETE', headers: { Authorization: this.auth }, signal: AbortSignal.timeout(30_000) }).catch(() => null);
    await res?.body?.cancel();
    return !!res && (res.ok || res.status === 404);
  }

  /**
   * Takes the media of a message the webhook has answered: each item claimed, fetched, given to
   * the desk, deleted from Twilio. Never throws (it runs after the response).
   */
  async take(key: ConversationKey, messageSid: string, urls: readonly string[]): Promise<void> {
    try {
      const record = await this.d.store.findConversation(key);
      if (!record) return;
      for (const [i, url] of urls.entries()) {
        const runKey = `${MEDIA_JOB}:${record.id}:${messageSid}:${i}`;
        if (!(await this.d.store.claimJob(runKey, MEDIA_JOB, new Date().toISOString(), this.d.instanceId))) continue;
        await this.one(key, runKey, url);
      }
    } catch (err) {
      this.d.logger.error({ job: MEDIA_JOB, channel: key.channel, messageSid, err: (err as Error).name }, 'media not taken: left on Twilio for the next start');
    }
  }

  /** One claimed item: fetched, kept or refused, deleted from Twilio, the claim finished with what happened. */
  private async one(key: ConversationKey, runKey: string, url: string): Promise<void> {
    const finish = (outcome: string) => this.d.store.finishJob(runKey, new Date().toISOString(), { outcome });
    const item = mediaItemOf(url, this.d.config.twilio!.accountSid);
    if (!item) return finish('not_twilio');
    const record = await this.d.store.findConversation(key);
    if (!record) return finish('no_conversation');
    const context = this.d.engine.contextOf(record.snapshot);
    const intakeId = record.intakeId ?? context.intakeId;
    const lang: Lang = context.language ?? 'en';
    const fetched = await this.fetch(item.path);
    if (!fetched.ok && fetched.why === 'gone') return finish('gone');
    if (!fetched.ok && fetched.why === 'failed') {
      // Left on Twilio and unfinished: resume() takes it up again.
      this.d.logger.warn({ job: MEDIA_JOB, channel: key.channel }, 'media could not be fetched from Twilio');
      return;
    }
    let refusal: Refusal | null;
    if (!fetched.ok) refusal = 'too_large';
    else {
      try {
        const result = await this.d.documents.receive({
          intakeId,
          item: OTHER_ITEM,
          source: key.channel === 'whatsapp' ? 'whatsapp' : 'sms',
          content: fetched.content,
        });
        refusal = result.ok ? null : result.refusal;
      } catch (err) {
        if (!(err instanceof TooLarge)) {
          this.d.logger.error({ job: MEDIA_JOB, channel: key.channel, err: (err as Error).name }, 'media could not be stored: left on Twilio');
          return;
        }
        refusal = 'too_large';
      }
    }
    // The desk could not scan it now: left on Twilio, for a later try.
    if (refusal === 'scan_unavailable') return;
    // Kept or refused for good: Twilio need not keep it any longer.
    const deleted = await this.remove(item.path);
    await finish(refusal ? `refused:${refusal}${deleted ? '' : ':not_deleted'}` : deleted ? 'kept' : 'kept:not_deleted');
    // Before the notice is accepted there is no request to keep it for: their reply said so already.
    if (refusal && refusal !== 'unknown_intake') await this.tell(key, lang, refusal);
  }

  /** The family is told by SMS why a file was not kept (the assistant's late reply). */
  private async tell(key: ConversationKey, lang: Lang, refusal: Refusal): Promise<void> {
    const sender = this.d.senders[key.channel];
    if (!sender) return;
    const text = this.words.t(lang, 'mediaRefusedSms', { why: this.d.documentWords.refusal(lang, refusal) });
    try {
      await sender.send(key, [{ key: 'upload.mediaRefusedSms', text, choices: [], progress: null }], lang, { kind: 'late_reply' });
    } catch (err) {
      this.d.logger.warn({ job: MEDIA_JOB, channel: key.channel, err: (err as Error).name }, 'the family could not be told a file was refused');
    }
  }

  /**
   * At start: claims a process left unfinished (it died, or Twilio or the scanner was away) are
   * taken up once more, from the stored inbound message.
   */
  async resume(now = new Date()): Promise<number> {
    let taken = 0;
    for (const run of await this.d.store.jobRuns(MEDIA_JOB)) {
      if (run.finishedAt || now.getTime() - Date.parse(run.startedAt) < STALE_MS || run.runKey.endsWith(':again')) continue;
      const [, conversationId, messageSid, index] = run.runKey.split(':');
      const key = await this.d.store.conversationKey(conversationId);
      const inbound = key ? await this.d.store.inboundMessage(key, messageSid) : null;
      const url = inbound?.media[Number(index)];
      if (!key || !url) {
        await this.d.store.finishJob(run.runKey, now.toISOString(), { outcome: 'no_message' });
        continue;
      }
      const again = `${run.runKey}:again`;
      if (!(await this.d.store.claimJob(again, MEDIA_JOB, now.toISOString(), this.d.instanceId))) continue;
      await this.d.store.finishJob(run.runKey, now.toISOString(), { outcome: 'taken_again' });
      await this.one(key, again, url);
      taken++;
    }
    return taken;
  }
}
