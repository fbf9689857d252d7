/**
 * Messages set aside (quarantined): a turn that fails is retried a bounded number of times, then
 * its message is set aside so that no replay takes it again, the family is told once, in their
 * language, that a person will follow up, and staff are alerted through the outbox. The service
 * (service.ts) decides when; this module holds what does not need the store: the limits, the
 * quarantine id, the family's notice, what a record tells without the engine, and the alert.
 *
 * Attempts are counted in the store per message (Store.failedAttempt): each that fails, when it
 * fails; and one that never ended (the process died in it) when the message is found unfinished
 * at the family's next message, before it is tried again. So a message that ends the process each
 * time is set aside, without being tried, once the count is reached: no crash loop.
 *
 * Two scopes:
 * - 'message': the conversation loads, but its turn failed MAX_TURN_ATTEMPTS times on this
 *   message (an action or a guard of the chart threw, rendering failed...). The message is kept
 *   in the transcript with the notice as its reply and changes nothing else; the family's next
 *   message goes on from where the conversation was. A later message that fails too is tried and
 *   set aside on its own (its own notice and alert): each one is a message nobody has answered.
 * - 'conversation': the conversation's record cannot be loaded (TurnFailed stage 'restore':
 *   neither restored, migrated nor rebuilt), or no conversation can be started. Retrying cannot
 *   help, so it is set aside at the first failure, as a whole. From then on no turn of the
 *   assistant runs on it: every later message of it is kept (received, in the transcript, in the
 *   intake's record), marked processed so no replay takes it, and answered with nothing (the
 *   family was told once; an opt-out word still records the opt-out). No new alert: staff already
 *   have the quarantine id. It stays so until a person deals with it (it is out of the
 *   reminders and abandonment, and so of retention).
 */
import { randomInt } from 'node:crypto';
import { LANGUAGES, isLang, type Channel, type Lang } from '../../dialogs/context';
import type { Firm } from '../config/firm';
import type { Catalog } from '../i18n/catalog';
import { officeHoursSentence } from '../i18n/office-hours';
import type { Rendered } from '../i18n/render';

/**
 * Attempts at a message's turn before it is set aside. Failures are counted in the store
 * (Store.failedAttempt), so a restart, a retried webhook or a replay goes on counting where the
 * last attempt stopped. A turn's computation depends only on the stored conversation and the
 * message: a failure mostly repeats, and three attempts cost little.
 */
export const MAX_TURN_ATTEMPTS = 3;

export type QuarantineScope = 'message' | 'conversation';

/** The `say` keys this module looks up (test/locales.test.ts checks they exist and fit an SMS). */
export const QUARANTINE_SAY_KEYS = ['quarantined', 'quarantined_unreached'] as const;

// No 0/O, 1/I/L: the id may be read aloud to the operator.
const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A new quarantine id: what staff are given, and what the logs and the store carry. */
export function newQuarantineId(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return `Q-${code}`;
}

/**
 * "A person will follow up", with the firm's phone: in `language`, or, when the language cannot
 * be known, in every language the assistant speaks, one after the other. When nobody at the firm
 * can be told of it (`reached` false: no inbox, no on-call email or phone configured), the family
 * is given the firm's number and hours instead of a promise.
 */
export function quarantineNotice(catalog: Catalog, firm: Firm, language: Lang | null, reached: boolean): Rendered {
  const key = `say.${reached ? 'quarantined' : 'quarantined_unreached'}` satisfies `say.${(typeof QUARANTINE_SAY_KEYS)[number]}`;
  const say = (lang: Lang) => {
    const t = (k: string, v?: Record<string, unknown>) => catalog.t(lang, k, v);
    return t(key, { firmName: firm.name, firmPhone: firm.phone, firmHours: reached ? '' : officeHoursSentence(t, lang, firm) });
  };
  const text = language ? say(language) : LANGUAGES.map(say).join('\n');
  return { key, text, choices: [], progress: null };
}

/** What a stored record still tells when the engine cannot load it: read, never trusted further. */
export interface Readable {
  language: Lang | null;
  reference: string | null;
  intakeId: string | null;
  declined: boolean;
}

/**
 * Reads a stored snapshot's context as XState persists it ({ status, value, context }, see
 * src/engine/stored-intake.ts), field by field, keeping only what has the expected form.
 */
export function readable(snapshot: unknown): Readable {
  const context = snapshot && typeof snapshot === 'object' ? (snapshot as { context?: unknown }).context : null;
  const c = context && typeof context === 'object' ? (context as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);
  return { language: isLang(c.language) ? c.language : null, reference: text(c.reference), intakeId: text(c.intakeId), declined: c.status === 'declined' };
}

/** What staff are told: no message text, no name, no number. */
export interface QuarantineAlert {
  quarantineId: string;
  channel: Channel;
  /** The intake's reference, if known. */
  reference: string | null;
  /** For the outbox item (it goes with the intake at retention); not in the text. */
  intakeId: string | null;
  scope: QuarantineScope;
  at: string;
}
