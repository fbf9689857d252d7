/**
 * The three ways a notice leaves the server: email (SMTP through nodemailer), an SMS page
 * (Twilio's REST API, the client of src/channels/twilio/sender.ts), a signed webhook (fetch).
 * Each either resolves (delivered) or throws a DeliveryError with a short code (an SMTP reply
 * code, a Twilio error, an HTTP status, a socket error): never content, which stays out of logs.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type twilio from 'twilio';
import { twilioClient } from '../channels/twilio/sender';
import type { Config } from '../config/env';
import { SummarySchema } from '../summary/contract';
import { DocumentsNoticeSchema, type EmailPayload, type SmsPayload, type WebhookPayload } from './outbox-plan';
import { webhookSignature } from './webhook-signature';

/** Every send finishes well within the outbox lease (LEASE_MS), so no other instance takes the item meanwhile. */
const CONNECT_TIMEOUT_MS = 20_000;
const SEND_TIMEOUT_MS = 45_000;

export class DeliveryError extends Error {
  constructor(readonly code: string) {
    super(`delivery failed: ${code}`);
  }
}

/** A short, content-free code for whatever a client library threw. */
export function errorCode(err: unknown): string {
  if (err instanceof DeliveryError) return err.code;
  const e = err as { responseCode?: unknown; code?: unknown; status?: unknown; cause?: { code?: unknown }; name?: unknown };
  if (typeof e?.responseCode === 'number') return `smtp_${e.responseCode}`;
  if (typeof e?.code === 'number') return `twilio_${e.code}`;
  if (typeof e?.code === 'string' && /^[A-Z_]{2,32}$/.test(e.code)) return e.code;
  if (typeof e?.cause?.code === 'string' && /^[A-Z_]{2,32}$/.test(e.cause.code)) return e.cause.code;
  if (typeof e?.status === 'number') return `status_${e.status}`;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  return 'error';
}

export class Deliveries {
  private mailer: Transporter | null = null;
  private sms: twilio.Twilio | null = null;

  constructor(private readonly config: Config) {}

  async email(p: EmailPayload): Promise<void> {
    const smtp = this.config.handoff.smtp;
    if (!smtp) throw new DeliveryError('smtp_not_configured');
    this.mailer ??= nodemailer.createTransport(smtp.url, {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    } as Parameters<typeof nodemailer.createTransport>[1]);
    try {
      await this.mailer.sendMail({ from: smtp.from, to: p.to, subject: p.subject, text: p.text });
    } catch (err) {
      throw new DeliveryError(errorCode(err));
    }
  }

  async page(p: SmsPayload): Promise<void> {
    const t = this.config.twilio;
    if (!t?.accountSid || !t.phoneNumber) throw new DeliveryError('twilio_not_configured');
    this.sms ??= twilioClient(t);
    try {
      await this.sms.messages.create({ from: t.phoneNumber.replace(/^whatsapp:/, ''), to: p.to, body: p.body });
    } catch (err) {
      throw new DeliveryError(errorCode(err));
    }
  }

  /** POSTs the summary, signed (see webhook-signature.ts); anything but a 2xx is a failure to retry. */
  async webhook(deliveryId: string, p: WebhookPayload, now: Date): Promise<void> {
    const hook = this.config.handoff.webhook;
    if (!hook) throw new DeliveryError('webhook_not_configured');
    // Exactly the contract: a summary (or a documents notice) that does not parse is not sent (the item fails and is logged).
    const body = p.event === 'documents' ? JSON.stringify(DocumentsNoticeSchema.parse(p.documents)) : JSON.stringify(SummarySchema.parse(p.summary));
    const timestamp = String(Math.floor(now.getTime() / 1000));
    let status: number;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Intake-Event': p.event,
          'X-Intake-Delivery': deliveryId,
          'X-Intake-Timestamp': timestamp,
          'X-Intake-Signature': webhookSignature(hook.secret, timestamp, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      status = res.status;
      await res.body?.cancel();
    } catch (err) {
      throw new DeliveryError(errorCode(err));
    }
    if (status < 200 || status > 299) throw new DeliveryError(`http_${status}`);
  }

  close(): void {
    this.mailer?.close();
    this.mailer = null;
  }
}
