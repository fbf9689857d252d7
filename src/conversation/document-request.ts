/**
 * An attorney asks the family for a checklist item still missing: the family gets, on their own
 * channel and in their language, the item named as the upload page names it and a fresh upload
 * link (src/documents/link.ts). Like an attorney's message (takeover.ts) it is stored in the
 * transcript with its author and audited; unlike one, it takes no hold: the assistant may go on.
 * Refused, with nothing stored or sent, when the item is not on the intake's checklist, another
 * attorney holds the conversation, the family opted out, or nobody can write first on the channel.
 *
 * Audited with the item's key and the channel, never the words or the link.
 */
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { checklistItems } from '../documents/checklist';
import type { Logger } from '../log';
import type { HandoffStore } from '../store/handoff-store';
import type { Store } from '../store/store';
import type { Summary } from '../summary/contract';
import type { ProactiveSender } from './scheduler';
import type { IntakeService } from './service';
import { Takeover } from './takeover';

export type DocumentRequestRefusal = 'unknown_item' | 'held_by_other' | 'opted_out' | 'no_conversation' | 'channel_unsupported';

export type DocumentRequestResult = { ok: true; messageId: string; sent: boolean } | { ok: false; refusal: DocumentRequestRefusal };

/** The family's wording of the request, in their language (locales/<lang>/documents.json). */
export type RequestWording = (lang: Lang, item: string, url: string) => string;

export interface DocumentRequestDeps {
  store: Store;
  handoffStore: HandoffStore;
  service: IntakeService;
  senders: Partial<Record<string, ProactiveSender>>;
  logger: Logger;
  /** A fresh signed upload link for the intake, in the family's language (src/documents/link.ts). */
  link(intakeId: string, lang: Lang, now: Date): { url: string };
  wording: RequestWording;
}

/** Channels the firm can write first on (as in takeover.ts). */
const WRITABLE = new Set(['sms', 'whatsapp', 'webchat']);

const languageOf = (s: Summary): Lang => ((LANGUAGES as readonly string[]).includes(s.language) ? (s.language as Lang) : 'en');

export class DocumentRequests {
  constructor(private readonly deps: DocumentRequestDeps) {}

  async ask(summary: Summary, item: string, by: string, at: Date): Promise<DocumentRequestResult> {
    const { store, handoffStore, service, logger } = this.deps;
    const refuse = (refusal: DocumentRequestRefusal) => ({ ok: false as const, refusal });
    if (!checklistItems(summary).some((c) => c.key === item)) return refuse('unknown_item');
    const key = await store.conversationKey(summary.transcriptId);
    if (!key) return refuse('no_conversation');
    if (!WRITABLE.has(key.channel)) return refuse('channel_unsupported');
    if ((key.channel === 'sms' || key.channel === 'whatsapp') && (await store.isOptedOut(key.address))) return refuse('opted_out');
    // A colleague talking with the family is not talked over; nobody's hold is taken either.
    const hold = await handoffStore.getHold(summary.intakeId);
    if (hold && hold.by !== by) return refuse('held_by_other');
    const lang = languageOf(summary);
    const text = this.deps.wording(lang, item, this.deps.link(summary.intakeId, lang, at).url);
    const entry = await service.attorneyWrites(key, { text, author: Takeover.authorFor(by), at });
    if (!entry) return refuse('no_conversation');
    await handoffStore.audit({
      at: at.toISOString(),
      actor: by,
      action: 'asked_for_document',
      intakeId: summary.intakeId,
      detail: { reference: summary.reference, item, channel: key.channel },
    });
    const sender = this.deps.senders[key.channel];
    // Web chat reads the transcript, where the message already is.
    if (!sender?.sendText) return { ok: true, messageId: entry.messageId, sent: key.channel === 'webchat' };
    try {
      const out = await sender.sendText(key, text, { kind: 'attorney', messageId: entry.messageId });
      return { ok: true, messageId: entry.messageId, sent: out === 'sent' };
    } catch (err) {
      logger.error({ channel: key.channel, err: (err as Error).name }, 'documents: the request for a document was not sent');
      return { ok: true, messageId: entry.messageId, sent: false };
    }
  }
}
