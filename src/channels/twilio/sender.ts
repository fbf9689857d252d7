/**
 * Messages the assistant starts (the inactivity reminder, a late reply, the question asked again
 * after an attorney hands back) and an attorney's own messages, on SMS and WhatsApp, through
 * Twilio's REST API. Never to a number that opted out: the store is asked before every message,
 * and a number Twilio reports as unsubscribed (error 21610) is recorded as opted out. Each message
 * asks Twilio for status callbacks (status.ts) and is recorded by its SID (SentSms), so the intake
 * page shows whether it was sent, delivered or failed.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { Channel, Lang } from '../../../dialogs/context';
import type { Config } from '../../config/env';
import type { ProactiveSender, SendMeta } from '../../conversation/scheduler';
import type { HandoffStore, SmsState } from '../../store/handoff-store';
import { WHATSAPP_MAX } from '../../i18n/sms';
import { toSms, toWhatsApp, type Rendered } from '../../i18n/render';
import type { Logger } from '../../log';
import type { ConversationKey, Store } from '../../store/store';

/** Where Twilio reports the status of each message sent (status.ts). */
export const SMS_STATUS_PATH = '/api/sms/status';

/** Twilio's "the recipient has opted out" (STOP sent to Twilio, or a carrier block). */
const UNSUBSCRIBED = 21610;

/**
 * The REST client's HTTP client, sending to another API root (tests' fake Twilio, a compatible
 * gateway): the path and query stay, the origin is replaced.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(apiUrl: string) {
    super();
    this.base = new URL(apiUrl);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: this.rewrite(opts.uri) });
  }

  rewrite(uri: string): string {
    const u = new URL(uri);
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return `${this.base.origin}${prefix}${u.pathname}${u.search}`;
  }
}

export function twilioClient(config: NonNullable<Config['twilio']>): twilio.Twilio {
  return twilio(config.accountSid, config.authToken, config.apiUrl ? { httpClient: new RedirectingRequestClient(config.apiUrl) } : {});
}

/**
 * The WhatsApp parts of a turn, joined into as few messages as fit: separate messages may arrive
 * out of order. (SMS turns are laid out whole by toSms, by the segment.)
 */
export function packed(parts: readonly string[], max = WHATSAPP_MAX): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const last = out.length - 1;
    if (last >= 0 && out[last].length + 2 + part.length <= max) out[last] += '\n\n' + part;
    else out.push(part);
  }
  return out;
}

/** Twilio's message statuses, as the four the intake page shows (Twilio names more). */
export function smsStateOf(status: string): SmsState | null {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return 'queued';
    case 'sent':
    case 'delivery_unknown':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

/** Where sent messages are recorded, and the URL Twilio reports their status to. */
export interface SentLog {
  handoffStore: HandoffStore;
  statusCallback: string;
}

export class TwilioSender implements ProactiveSender {
  constructor(
    private readonly client: twilio.Twilio,
    private readonly from: string,
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly sent: SentLog | null = null,
  ) {}

  async send(key: ConversationKey, replies: Rendered[], _language: Lang, meta: SendMeta = { kind: 'late_reply' }): Promise<void> {
    const bodies = key.channel === 'whatsapp' ? packed(toWhatsApp(replies)) : toSms(replies);
    for (const [i, body] of bodies.entries()) {
      // Checked before each message: a STOP may arrive between two of them.
      if ((await this.one(key, body, meta)) === 'opted_out') {
        this.logger.info({ channel: key.channel, skipped: bodies.length - i }, 'not sent: the number opted out');
        return;
      }
    }
  }

  async sendText(key: ConversationKey, text: string, meta: SendMeta): Promise<'sent' | 'opted_out'> {
    try {
      return await this.one(key, text, meta);
    } catch (err) {
      // Refused at once: recorded as failed, so the page says so beside the message.
      if (meta.messageId) await this.record(key, `local:${meta.messageId}`, 'failed', meta, (err as { twilioCode?: string }).twilioCode ?? null);
      throw err;
    }
  }

  /** One message, unless the number opted out; recorded by its SID once Twilio took it. */
  private async one(key: ConversationKey, body: string, meta: SendMeta): Promise<'sent' | 'opted_out'> {
    if (await this.store.isOptedOut(key.address)) return 'opted_out';
    try {
      const message = await this.client.messages.create({
        from: this.from,
        to: key.address,
        body,
        ...(this.sent ? { statusCallback: this.sent.statusCallback } : {}),
      });
      this.logger.debug({ channel: key.channel, messageSid: message.sid }, 'twilio message sent');
      await this.record(key, message.sid, smsStateOf(String(message.status ?? '')) ?? 'queued', meta, null);
      return 'sent';
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === UNSUBSCRIBED) {
        await this.store.setOptOut(key.address, true, new Date().toISOString());
        this.logger.info({ channel: key.channel, twilioCode: code }, 'not sent: Twilio reports the number unsubscribed; opt-out recorded');
        return 'opted_out';
      }
      this.logger.error({ channel: key.channel, twilioCode: code ?? null, status: (err as { status?: unknown }).status ?? null }, 'twilio message failed');
      throw Object.assign(new Error(`Twilio refused the message${typeof code === 'number' ? ` (error ${code})` : ''}`), {
        twilioCode: typeof code === 'number' ? String(code) : null,
      });
    }
  }

  private async record(key: ConversationKey, sid: string, state: SmsState, meta: SendMeta, errorCode: string | null): Promise<void> {
    if (!this.sent) return;
    try {
      const conversation = await this.store.findConversation(key);
      const now = new Date().toISOString();
      await this.sent.handoffStore.recordSms({
        sid,
        intakeId: conversation?.intakeId ?? null,
        conversationId: conversation?.id ?? null,
        kind: meta.kind,
        messageId: meta.messageId ?? null,
        state,
        errorCode,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      // The message is out: a record that could not be written only leaves its status unknown.
      this.logger.warn({ channel: key.channel, messageSid: sid, err: (err as Error).name }, 'twilio message sent, not recorded');
    }
  }
}

/** Proactive senders for SMS and WhatsApp when Twilio is configured with an account and a number. */
export function twilioSenders(
  config: Config,
  store: Store,
  logger: Logger,
  handoffStore: HandoffStore | null = null,
): Partial<Record<Channel, ProactiveSender>> {
  const t = config.twilio;
  if (!t) return {};
  if (!t.accountSid || !t.phoneNumber) {
    logger.warn(
      { accountSid: Boolean(t.accountSid), phoneNumber: Boolean(t.phoneNumber) },
      'twilio: no account SID or phone number, reminders will not be sent',
    );
    return {};
  }
  const client = twilioClient(t);
  const number = t.phoneNumber.replace(/^whatsapp:/, '');
  const sent = handoffStore ? { handoffStore, statusCallback: `${config.publicBaseUrl}${SMS_STATUS_PATH}` } : null;
  return {
    sms: new TwilioSender(client, number, store, logger, sent),
    whatsapp: new TwilioSender(client, `whatsapp:${number}`, store, logger, sent),
  };
}
