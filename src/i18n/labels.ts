/**
 * The attorney-facing words for the summary contract: its enum values ("at_border" -> "at the
 * border now"), its facts (`field.<path>`: "traveler.intendedPort" -> "port of entry") and its
 * sections, from locales/en/labels.json: the one place the dashboard, the PDF, the notices and the
 * plain-text summary read them, so a paralegal who renames one finds it once. Stored as they read
 * inside a line (lower case but for names like "USCIS"); a surface that shows one on its own
 * (a table cell, a row's label) capitalises it with `capitalized`.
 */
import type { DocumentKind, DocumentSource } from '../documents/contract';
import type { KIND } from '../handoff/outbox-plan';
import { localesDir } from '../paths';
import type { HandlingStatus, EscalationRecord } from '../store/handoff-store';
import type { Summary, Tier, YesNoUnsure } from '../summary/contract';
import { fieldLabelKey, type FactSection, type FieldPath } from '../summary/field-paths';
import { firmText, type FirmText } from './firm-text';

type Enum<T> = NonNullable<T> extends ReadonlyArray<infer U> ? U : NonNullable<T>;

/** Each group of labels.json and the values it labels; "none" where the field may be null. */
export interface LabelValues {
  /** The bare code, where space is tight (a badge, an SMS page). */
  'tier.badge': Tier | 'none';
  /** The code and a few words (the PDF's key facts, a filter). */
  'tier.short': Tier | 'none';
  /** The code and what it means for the firm (the PDF's triage, an email page). */
  'tier.long': Tier | 'none';
  /** Beside the tier when no date is known (triage.dateUnknown): a badge's words, or what it means. */
  dateUnknown: 'badge' | 'long';
  escalation: Enum<Summary['triage']['escalationReasons']>;
  path: Enum<Summary['triage']['possiblePaths']>;
  fee: Enum<Summary['triage']['feeExemptionIndicators']>;
  answer: YesNoUnsure | 'none';
  role: Enum<Summary['contact']['role']>;
  location: Enum<Summary['traveler']['locationNow']>;
  reason: Enum<Summary['request']['reason']> | 'none';
  patient: Enum<Summary['request']['details']['patient']>;
  courtRole: Enum<Summary['request']['details']['courtRole']>;
  outcome: Enum<Summary['history']['incidents'][number]['outcome']>;
  document: Enum<Summary['documentsOnHand']>;
  intakeStatus: Summary['status'];
  handling: HandlingStatus;
  channel: Summary['channel'];
  level: EscalationRecord['level'];
  /** What a delivery in the outbox is (handoff/outbox-plan.ts KIND): the intake page's deliveries. */
  delivery: (typeof KIND)[keyof typeof KIND];
  /** What a received document is, by its content (src/documents/contract.ts). */
  documentKind: DocumentKind;
  /** How it came: the secure link, web chat, MMS, WhatsApp. */
  documentSource: DocumentSource;
  /** Who acknowledged a page without signing in: by its link, by a text reply (actor.ts). */
  'actor.link': EscalationRecord['level'];
  'actor.sms': EscalationRecord['level'];
}

export type LabelGroup = keyof LabelValues;

export interface Labels {
  /** The words for `value`; throws when labels.json lacks it (a new enum value needs its label). */
  <G extends LabelGroup>(group: G, value: LabelValues[G]): string;
  /** For a value typed only as a string (a consent's channel, a query's group): is it labelled? */
  has(group: LabelGroup, value: string): boolean;
  /** The words for a fact of the summary (`field.<path>`); throws when labels.json lacks it. */
  field(path: FieldPath): string;
  /** The words for a section of the summary (`section.<section>`), or for what is in none. */
  section(section: FactSection | 'other'): string;
  /** An incident's field, with the incident's number: "date of incident 2" (`field.history.incidentOf`). */
  incidentField(path: FieldPath, n: number): string;
  /** An API token by its name, as who acted: "Case system (API integration)" (`actor.token`). */
  integration(name: string): string;
  /** An attorney signed in to the dashboard, unnamed (`actor.attorney`): where a page must not name them. */
  signedIn(): string;
}

const loaded = new Map<string, Labels>();

/** The labels of `dir` (locales/ by default), read once. */
export function firmLabels(dir = localesDir()): Labels {
  const known = loaded.get(dir);
  if (known) return known;
  const t: FirmText = firmText('labels', dir);
  const labels = ((group: LabelGroup, value: string) => t(`${group}.${value}`)) as Labels;
  labels.has = (group, value) => t.has(`${group}.${value}`);
  labels.field = (path) => t(fieldLabelKey(path));
  labels.section = (section) => t(`section.${section}`);
  labels.incidentField = (path, n) => t('field.history.incidentOf', { field: t(fieldLabelKey(path)), n });
  labels.integration = (name) => t('actor.token', { name });
  labels.signedIn = () => t('actor.attorney');
  loaded.set(dir, labels);
  return labels;
}

/**
 * The tier's words in one of its sizes, with "date unknown" beside them when no date is known
 * and the tier comes from the reason (triage.dateUnknown): every surface that shows a tier says so.
 */
export function tierWords(size: 'badge' | 'short' | 'long', tier: Tier | null, dateUnknown: boolean | undefined, l: Labels = firmLabels()): string {
  const words = l(`tier.${size}`, tier ?? 'none');
  return dateUnknown ? `${words} (${l('dateUnknown', size === 'long' ? 'long' : 'badge')})` : words;
}

/** "outside the U.S." -> "Outside the U.S.": a label standing alone, as a table cell shows it. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
