/**
 * What the attorneys receive, in the firm's wording (locales/en/notify.json, the tier, reasons and
 * request in the words of labels.json, as on the dashboard and the PDF): the page (email and
 * SMS), the backup's page, the notice of a finished intake. On purpose they say only the
 * reference, the tier, the categories (why escalated, what the request is for) and links: the
 * family's names, numbers, story and history stay behind sign-in.
 */
import type { FirmText } from '../i18n/firm-text';
import { firmLabels, tierWords } from '../i18n/labels';
import type { EscalationReason, Reason, Summary, Tier } from '../summary/contract';
import type { DocumentsNotice } from './outbox-plan';

/** An SMS page fits two segments. */
export const PAGE_SMS_MAX = 320;

export interface NoticeFacts {
  intakeId: string;
  reference: string;
  tier: Tier | null;
  reasons: readonly EscalationReason[];
  requestReason: Reason | null;
  /** No date is known: the tier comes from the reason (triage.dateUnknown); absent on a stored escalation. */
  dateUnknown?: boolean;
}

export interface Links {
  detailsUrl: string;
  /** The acknowledgement link (pages only). */
  ackUrl?: string;
}

export interface Email {
  subject: string;
  text: string;
}

export function detailsUrl(publicBaseUrl: string, intakeId: string): string {
  return `${publicBaseUrl}/intakes/${encodeURIComponent(intakeId)}`;
}

export function ackUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/ack/${token}`;
}

/** The values every text may use, in plain English. */
export function noticeVars(t: FirmText, f: NoticeFacts, links: Links, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const l = firmLabels();
  const reasons = f.reasons.map((r) => l('escalation', r));
  return {
    reference: f.reference,
    // The tier's meaning in the text; the bare code where space is tight (a subject, an SMS).
    tier: tierWords('long', f.tier, f.dateUnknown, l),
    tierShort: tierWords('badge', f.tier, f.dateUnknown, l),
    reasons: reasons.length ? reasons.join(t('list.separator')) : t('list.none'),
    requestReason: l('reason', f.requestReason ?? 'none'),
    detailsUrl: links.detailsUrl,
    ackUrl: links.ackUrl ?? '',
    ...extra,
  };
}

/** The page's email: to the on-call attorney ('page') or to the backup ('repage'). */
export function pageEmail(t: FirmText, kind: 'page' | 'repage', f: NoticeFacts, links: Links, ackMinutes: number): Email {
  const vars = noticeVars(t, f, links, { minutes: ackMinutes });
  return { subject: t(`email.${kind}.subject`, vars), text: t(`email.${kind}.body`, vars) };
}

/** The SMS page, with the details link when it still fits in PAGE_SMS_MAX characters. */
export function pageSms(t: FirmText, kind: 'page' | 'repage', f: NoticeFacts, links: Links, ackMinutes: number): string {
  const vars = noticeVars(t, f, links, { minutes: ackMinutes });
  const page = t(`sms.${kind}`, vars);
  const withDetails = `${page} ${t('sms.details', vars)}`;
  if (withDetails.length <= PAGE_SMS_MAX) return withDetails;
  if (page.length <= PAGE_SMS_MAX) return page;
  // Many reasons at once: name the first ones and count the rest, so that the reference, the
  // reply to acknowledge and the link always fit.
  for (let keep = f.reasons.length - 1; keep >= 1; keep--) {
    const shown = { ...f, reasons: f.reasons.slice(0, keep) };
    const shorter = noticeVars(t, shown, links, { minutes: ackMinutes });
    shorter.reasons = `${String(shorter.reasons)}${t('list.separator')}${t('list.more', { count: f.reasons.length - keep })}`;
    const text = t(`sms.${kind}`, shorter);
    if (text.length <= PAGE_SMS_MAX) return text;
  }
  // A very long public URL: the acknowledgement reply (ACK <reference>) is in the text before it.
  return page.slice(0, PAGE_SMS_MAX);
}

export function submittedEmail(t: FirmText, f: NoticeFacts, links: Links): Email {
  const vars = noticeVars(t, f, links);
  return { subject: t('email.submitted.subject', vars), text: t('email.submitted.body', vars) };
}

/** The hour's summary page, past the cap on pages for a tier: how many more, and where to look. */
export interface SummaryFacts {
  tier: Tier | null;
  /** Escalations of that tier this hour past the cap, so far. */
  count: number;
  cap: number;
  /** The dashboard's queue. */
  dashboardUrl: string;
  /** The backup's was not acknowledged in time. */
  minutes: number;
}

function summaryVars(f: SummaryFacts): Record<string, unknown> {
  const l = firmLabels();
  return {
    tier: l('tier.long', f.tier ?? 'none'),
    tierShort: l('tier.badge', f.tier ?? 'none'),
    count: f.count,
    cap: f.cap,
    dashboardUrl: f.dashboardUrl,
    minutes: f.minutes,
  };
}

export function summaryEmail(t: FirmText, kind: 'page' | 'repage', f: SummaryFacts): Email {
  const vars = summaryVars(f);
  return { subject: t(`email.${kind}Summary.subject`, vars), text: t(`email.${kind}Summary.body`, vars) };
}

export function summarySms(t: FirmText, kind: 'page' | 'repage', f: SummaryFacts): string {
  return t(`sms.${kind}Summary`, summaryVars(f)).slice(0, PAGE_SMS_MAX);
}

/** A message or a conversation the assistant set aside (src/conversation/quarantine.ts): who and what, never what was written. */
export interface QuarantineFacts {
  quarantineId: string;
  channel: Summary['channel'];
  reference: string | null;
  scope: 'message' | 'conversation';
}

function quarantineVars(t: FirmText, f: QuarantineFacts, dashboardUrl: string): Record<string, unknown> {
  return {
    quarantineId: f.quarantineId,
    channel: firmLabels()('channel', f.channel),
    reference: f.reference ?? t('quarantine.noReference'),
    what: t(`quarantine.what.${f.scope}`),
    next: t(`quarantine.next.${f.scope}`),
    dashboardUrl,
  };
}

export function quarantinedEmail(t: FirmText, f: QuarantineFacts, dashboardUrl: string): Email {
  const vars = quarantineVars(t, f, dashboardUrl);
  return { subject: t('email.quarantined.subject', vars), text: t('email.quarantined.body', vars) };
}

export function quarantinedSms(t: FirmText, f: QuarantineFacts, dashboardUrl: string): string {
  return t('sms.quarantined', quarantineVars(t, f, dashboardUrl)).slice(0, PAGE_SMS_MAX);
}

/**
 * New documents: the reference, the checklist items with how many files each, and the link. No
 * file name, kind or content (the notice may sit in a shared inbox).
 */
export function documentsEmail(t: FirmText, n: DocumentsNotice, detailsUrl: string): Email {
  const files = n.items.reduce((sum, i) => sum + i.count, 0);
  const vars = {
    reference: n.reference,
    count: files,
    items: n.items.map((i) => t('documents.line', { name: i.name, count: i.count })).join('\n'),
    detailsUrl,
  };
  return { subject: t('email.documents.subject', vars), text: t('email.documents.body', vars) };
}
