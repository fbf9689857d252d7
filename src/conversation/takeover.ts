/**
 * An attorney takes the family's conversation over from the assistant, and hands it back. While
 * an attorney holds it (the hold is kept in the firm-side store, handoff-store.ts, so a restart
 * keeps it), the conversation service finds it silenced: the family's messages are stored and
 * nothing is said, no reminder goes, no late reply. Handing back asks the question the family was
 * on again. The statechart never hears of it: the hold is state the service checks.
 *
 * Every step is audited with the attorney (or token) who took it, never with what was written.
 */
import type { Lang } from '../../dialogs/context';
import type { Logger } from '../log';
import type { HandoffStore, Hold } from '../store/handoff-store';
import { ATTORNEY_AUTHOR, type ConversationKey, type Store } from '../store/store';
import type { Summary } from '../summary/contract';
import type { ProactiveSender } from './scheduler';
import type { IntakeService } from './service';

/** Why a step was not taken: each a fixed code the dashboard and the API put in words. */
export type TakeoverRefusal =
  /** Another attorney holds the conversation. */
  | 'held_by_other'
  /** The hold changed since the page was shown (handed back, or taken by someone else). */
  | 'hold_changed'
  /** An empty message, or one longer than a text message can be (MAX_ATTORNEY_TEXT). */
  | 'empty'
  | 'too_long'
  /** The family opted out (STOP): nobody writes to them any more, until they send START. */
  | 'opted_out'
  /** No conversation is kept for this intake any more (purged). */
  | 'no_conversation'
  /** A channel where nobody can write first (Bot Framework: Teams, the Emulator). */
  | 'channel_unsupported';

/** Twilio's limit for one message body; a longer one would be refused. */
export const MAX_ATTORNEY_TEXT = 1600;

/** Channels an attorney can write on: Twilio's REST API, and web chat's activity stream (the transcript). */
const WRITABLE = new Set(['sms', 'whatsapp', 'webchat']);

export type TakeoverResult<T = object> = ({ ok: true } & T) | { ok: false; refusal: TakeoverRefusal; hold: Hold | null };

export interface TakeoverDeps {
  store: Store;
  handoffStore: HandoffStore;
  service: IntakeService;
  /** SMS and WhatsApp: what goes to the family outside an answer to their message. */
  senders: Partial<Record<string, ProactiveSender>>;
  logger: Logger;
}

export class Takeover {
  constructor(private readonly deps: TakeoverDeps) {}

  /** Who holds the intake's conversation, or null. */
  holder(intakeId: string): Promise<Hold | null> {
    return this.deps.handoffStore.getHold(intakeId);
  }

  /** `by` takes the conversation; taking what one already holds changes nothing. */
  async hold(summary: Summary, by: string, at: Date): Promise<TakeoverResult<{ hold: Hold }>> {
    const { handoffStore } = this.deps;
    const hold: Hold = { by, at: at.toISOString() };
    if (!(await handoffStore.setHold(summary.intakeId, hold, null))) {
      const current = await handoffStore.getHold(summary.intakeId);
      if (current?.by === by) return { ok: true, hold: current };
      return { ok: false, refusal: current ? 'held_by_other' : 'hold_changed', hold: current };
    }
    await this.audit(by, 'held', summary, at, {});
    return { ok: true, hold };
  }

  /**
   * `by` hands the conversation back, released from `expectedBy` (the holder the page showed:
   * an attorney may hand back what a colleague left held). The question the family was on is
   * asked again, on their channel.
   */
  async handBack(summary: Summary, by: string, expectedBy: string, at: Date): Promise<TakeoverResult<{ reasked: boolean }>> {
    const { handoffStore, service } = this.deps;
    if (!expectedBy || !(await handoffStore.setHold(summary.intakeId, null, expectedBy))) {
      return { ok: false, refusal: 'hold_changed', hold: await handoffStore.getHold(summary.intakeId) };
    }
    await this.audit(by, 'handed_back', summary, at, { from: expectedBy });
    const key = await this.deps.store.conversationKey(summary.transcriptId);
    if (!key) return { ok: true, reasked: false };
    const turn = await service.handBack(key, at);
    if (!turn || turn.replies.length === 0) return { ok: true, reasked: false };
    await this.sendOut(key, turn.replies, turn.language);
    return { ok: true, reasked: true };
  }

  /**
   * `by` writes to the family. The message is refused before anything is stored when it is
   * empty or too long, when another attorney holds the conversation, or when the family opted
   * out; otherwise whoever writes first takes the hold (the assistant must not talk over an
   * attorney), the message is stored in the transcript with its author and audited, then sent:
   * SMS and WhatsApp through Twilio (its status recorded), web chat by the transcript its
   * activity stream reads. `sent`: false when Twilio refused it (stored all the same, shown failed).
   */
  async write(summary: Summary, by: string, text: string, at: Date): Promise<TakeoverResult<{ messageId: string; sent: boolean }>> {
    const { handoffStore, store, service } = this.deps;
    const body = text.replace(/\r\n?/g, '\n').trim();
    const refuse = async (refusal: TakeoverRefusal) => ({ ok: false as const, refusal, hold: await handoffStore.getHold(summary.intakeId) });
    if (!body) return refuse('empty');
    if (body.length > MAX_ATTORNEY_TEXT) return refuse('too_long');
    const key = await store.conversationKey(summary.transcriptId);
    if (!key) return refuse('no_conversation');
    if (!WRITABLE.has(key.channel)) return refuse('channel_unsupported');
    if ((key.channel === 'sms' || key.channel === 'whatsapp') && (await store.isOptedOut(key.address))) return refuse('opted_out');
    const held = await this.hold(summary, by, at);
    if (!held.ok) return held;
    const entry = await service.attorneyWrites(key, { text: body, author: Takeover.authorFor(by), at });
    if (!entry) return refuse('no_conversation');
    await this.audit(by, 'wrote', summary, at, { channel: key.channel, characters: body.length });
    const sender = this.deps.senders[key.channel];
    if (!sender?.sendText) return { ok: true, messageId: entry.messageId, sent: key.channel === 'webchat' };
    try {
      const out = await sender.sendText(key, body, { kind: 'attorney', messageId: entry.messageId });
      return { ok: true, messageId: entry.messageId, sent: out === 'sent' };
    } catch (err) {
      this.deps.logger.error({ channel: key.channel, err: (err as Error).name }, 'takeover: the attorney message was not sent');
      return { ok: true, messageId: entry.messageId, sent: false };
    }
  }

  /** The conversation's channel and address, for an intake (null once purged). */
  conversationOf(summary: Summary): Promise<ConversationKey | null> {
    return this.deps.store.conversationKey(summary.transcriptId);
  }

  /** The author an attorney's entries carry in the transcript. */
  static authorFor(by: string): string {
    return `${ATTORNEY_AUTHOR}${by}`;
  }

  /**
   * What the assistant says outside an answer goes out through the channel's proactive sender
   * (SMS, WhatsApp); web chat's client reads the transcript, where the turn already is. A send
   * that fails is logged (never the text): the words are in the transcript.
   */
  private async sendOut(key: ConversationKey, replies: Parameters<ProactiveSender['send']>[1], language: Lang): Promise<void> {
    const sender = this.deps.senders[key.channel];
    if (!sender) return;
    try {
      await sender.send(key, replies, language, { kind: 'question' });
    } catch (err) {
      this.deps.logger.error({ channel: key.channel, err: (err as Error).name }, 'takeover: the question asked again was not sent');
    }
  }

  private audit(actor: string, action: string, summary: Summary, at: Date, detail: Record<string, string | number | null>): Promise<void> {
    return this.deps.handoffStore.audit({
      at: at.toISOString(),
      actor,
      action,
      intakeId: summary.intakeId,
      detail: { reference: summary.reference, ...detail },
    });
  }
}
