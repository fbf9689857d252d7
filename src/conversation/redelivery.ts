/**
 * Replies stored but never sent are sent. SMS and WhatsApp replies leave in the webhook's
 * response (TwiML): a process that dies after a turn's commit and before that response leaves
 * them unsent (the conversation's `unsent`, store.ts), and the family sees nothing. At start, and
 * then every few seconds, replies unsent for longer than any live request could still be
 * answering with them are sent through the channel's proactive sender (Twilio's REST API), once:
 * each is claimed in the store first (one caller wins, across instances), and marked sent after.
 * Web chat needs none of this: its client reads the transcript.
 *
 * Only a conversation's last replies are ever unsent: once the family has written again, the
 * replies before are out of date (they ask what has since been answered) and are not sent.
 */
import type { Channel, Lang } from '../../dialogs/context';
import type { Rendered } from '../i18n/render';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { ProactiveSender } from './scheduler';
import type { Delivery } from './service';

/**
 * How long replies stay unsent before they are sent from here: Twilio gives up on a webhook after
 * 15 s (and the outage spool answers an SMS after 10 s), so a request for a message committed
 * twice that long ago answers nobody any more, on any instance.
 */
export const REDELIVER_AFTER_MS = 30_000;
/**
 * Replies unsent for longer are given up (and stay unsent): a send that has failed for an hour (a
 * number that cannot get SMS, the account suspended) is not tried forever, and the family's next
 * message gets the conversation going again.
 */
export const REDELIVER_WITHIN_MS = 60 * 60_000;
/**
 * How long a claim to send holds: longer than a send takes (Twilio's client waits up to 30 s for
 * each message); a sender that died meanwhile leaves it to be taken again after.
 */
export const SEND_CLAIM_MS = 2 * 60_000;
/** How often to look (after the look at start). */
export const REDELIVERY_EVERY_MS = 10_000;
/** At most this many conversations a pass. */
const BATCH = 100;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sends the unsent replies of `delivery` once: claimed first (false: someone else has them, or
 * they were sent), marked sent after. A send that fails gives the claim back, and throws.
 */
export async function sendUnsent(store: Store, sender: ProactiveSender, delivery: Delivery, replies: Rendered[], language: Lang, now: Date): Promise<boolean> {
  const until = iso(now.getTime() + SEND_CLAIM_MS);
  if (!(await store.claimUnsent(delivery, delivery.inboundId, now.toISOString(), until))) return false;
  try {
    if (replies.length > 0) await sender.send(delivery, replies, language, { kind: 'late_reply' });
  } catch (err) {
    await store.releaseUnsent(delivery, delivery.inboundId, until).catch(() => undefined);
    throw err;
  }
  await store.markSent(delivery, delivery.inboundId);
  return true;
}

export class Redelivery {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly senders: Partial<Record<Channel, ProactiveSender>>,
    private readonly logger: Logger,
    /** An attorney holds the intake's conversation (takeover.ts): the assistant's late replies are withdrawn. */
    private readonly held: (intakeId: string) => Promise<boolean> = async () => false,
  ) {}

  /** One pass at `now`: sends what is due; returns how many conversations' replies it sent. */
  async tick(now = new Date()): Promise<number> {
    const channels = Object.keys(this.senders) as Channel[];
    if (channels.length === 0) return 0;
    const due = await this.store.unsentReplies({
      before: iso(now.getTime() - REDELIVER_AFTER_MS),
      notBefore: iso(now.getTime() - REDELIVER_WITHIN_MS),
      now: now.toISOString(),
      channels,
      limit: BATCH,
    });
    let sent = 0;
    for (const unsent of due) {
      try {
        const record = await this.store.findConversation(unsent);
        if (record?.intakeId && (await this.held(record.intakeId))) {
          // Out of date by the time anyone could read them, and the family is with a person: never sent.
          await this.store.markSent(unsent, unsent.inboundId);
          this.logger.info({ conversationId: unsent.conversationId, channel: unsent.channel }, 'unsent replies withdrawn: an attorney holds the conversation');
          continue;
        }
        const replies = await this.store.repliesTo(unsent, unsent.inboundId);
        const rendered = replies.flatMap((r) => (r.rendered ? [r.rendered] : []));
        const language = replies.find((r) => r.language)?.language ?? 'en';
        if (await sendUnsent(this.store, this.senders[unsent.channel]!, unsent, rendered, language, now)) sent++;
      } catch (err) {
        // The error's name only: a driver's message can quote a filter (a phone number). The sender logs Twilio's code.
        this.logger.error({ conversationId: unsent.conversationId, channel: unsent.channel, err: (err as Error).name }, 'unsent replies not sent');
      }
    }
    if (sent > 0) this.logger.info({ sent }, 'unsent replies sent');
    return sent;
  }

  /** Looks at once (what a process that died left), then every `everyMs`. */
  start(everyMs = REDELIVERY_EVERY_MS): void {
    if (this.timer) return;
    const pass = () => {
      if (this.running) return;
      // A pass that fails (the database away) is logged: unhandled, it would end the process.
      this.running = this.tick()
        .catch((err: Error) => {
          this.logger.error({ err: err.name }, 'redelivery pass failed');
          return 0;
        })
        .finally(() => (this.running = null));
    };
    pass();
    this.timer = setInterval(pass, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
