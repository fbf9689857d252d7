/**
 * Messages the assistant starts (the inactivity reminder) on SMS and WhatsApp, through Twilio's
 * REST API. Never to a number that opted out: the store is asked before every message, and a
 * number Twilio reports as unsubscribed (error 21610) is recorded as opted out.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { Channel, Lang } from '../../../dialogs/context';
import type { Config } from '../../config/env';
import type { ProactiveSender } from '../../conversation/scheduler';
import { WHATSAPP_MAX } from '../../i18n/sms';
import { toSms, toWhatsApp, type Rendered } from '../../i18n/render';
import type { Logger } from '../../log';
import type { ConversationKey, Store } from '../../store/store';

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

export class TwilioSender implements ProactiveSender {
  constructor(
    private readonly client: twilio.Twilio,
    private readonly from: string,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  async send(key: ConversationKey, replies: Rendered[], _language: Lang): Promise<void> {
    const bodies = key.channel === 'whatsapp' ? packed(toWhatsApp(replies)) : toSms(replies);
    for (const [i, body] of bodies.entries()) {
      // Checked before each message: a STOP may arrive between two of them.
      if (await this.store.isOptedOut(key.address)) {
        this.logger.info({ channel: key.channel, skipped: bodies.length - i }, 'not sent: the number opted out');
        return;
      }
      try {
        const message = await this.client.messages.create({ from: this.from, to: key.address, body });
        this.logger.debug({ channel: key.channel, messageSid: message.sid }, 'twilio message sent');
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === UNSUBSCRIBED) {
          await this.store.setOptOut(key.address, true, new Date().toISOString());
          this.logger.info({ channel: key.channel, twilioCode: code }, 'not sent: Twilio reports the number unsubscribed; opt-out recorded');
          return;
        }
        this.logger.error({ channel: key.channel, twilioCode: code ?? null, status: (err as { status?: unknown }).status ?? null }, 'twilio message failed');
        throw new Error(`Twilio refused the message${typeof code === 'number' ? ` (error ${code})` : ''}`);
      }
    }
  }
}

/** Proactive senders for SMS and WhatsApp when Twilio is configured with an account and a number. */
export function twilioSenders(config: Config, store: Store, logger: Logger): Partial<Record<Channel, ProactiveSender>> {
  const t = config.twilio;
  if (!t) return {};
  if (!t.accountSid || !t.phoneNumber) {
    logger.warn({ accountSid: Boolean(t.accountSid), phoneNumber: Boolean(t.phoneNumber) }, 'twilio: no account SID or phone number, reminders will not be sent');
    return {};
  }
  const client = twilioClient(t);
  const number = t.phoneNumber.replace(/^whatsapp:/, '');
  return {
    sms: new TwilioSender(client, number, store, logger),
    whatsapp: new TwilioSender(client, `whatsapp:${number}`, store, logger),
  };
}
