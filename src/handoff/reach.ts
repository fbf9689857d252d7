/**
 * Who the firm's notices can reach, from the configuration alone: the on-call attorney and the
 * backup (email with SMTP, SMS with Twilio's number), the firm's inbox, the webhook. The start-up
 * warnings, the dashboard's banner, the worker's pages and the family's wording all ask here, so
 * that none of them can claim a page that the configuration cannot send.
 */
import type { Config } from '../config/env';
import type { PagerLevel } from './page-cap';

export type NoticePath = 'oncall' | 'backup' | 'inbox' | 'webhook';

export interface NoticeGap {
  path: NoticePath;
  /** The variables that would configure it (names only: never a value). */
  variables: string[];
}

type Reach = Pick<Config, 'handoff' | 'twilio'>;

/** A level's attorney gets an email or a text: a contact set, and the means to send to it. */
export function levelReachable(config: Reach, level: PagerLevel): boolean {
  const contact = config.handoff[level];
  return (!!contact.email && !!config.handoff.smtp) || (!!contact.phone && !!config.twilio?.phoneNumber);
}

/** The level an escalation pages first: the on-call attorney, else the backup at once, else nobody. */
export function firstLevel(config: Reach): PagerLevel | null {
  if (levelReachable(config, 'oncall')) return 'oncall';
  if (levelReachable(config, 'backup')) return 'backup';
  return null;
}

/** An escalation reaches a person (the family may be told an attorney was alerted). */
export function pagesAPerson(config: Reach): boolean {
  return firstLevel(config) !== null;
}

/**
 * A message set aside (src/conversation/quarantine.ts) is told to the firm's inbox and the on-call
 * attorney by email, and pages the on-call phone (src/handoff/handoff.ts, quarantined): the family
 * may be told "a person will follow up" only when one of those can go.
 */
export function setAsideReachesAPerson(config: Reach): boolean {
  const routes = setAsideRoutes(config);
  return routes.emails.length > 0 || routes.phone !== null;
}

/** Where the worker tells of a message set aside: the inbox and on-call emails (with SMTP), the on-call phone (with Twilio). */
export function setAsideRoutes(config: Reach): { emails: string[]; phone: string | null } {
  const { smtp, notifyEmails, oncall } = config.handoff;
  const emails = smtp ? [...new Set([...notifyEmails, ...(oncall.email ? [oncall.email] : [])])] : [];
  return { emails, phone: oncall.phone && config.twilio?.phoneNumber ? oncall.phone : null };
}

/** Every notice path that reaches nobody, with the variables that would configure it. */
export function noticeGaps(config: Reach): NoticeGap[] {
  const gaps: NoticeGap[] = [];
  if (!levelReachable(config, 'oncall')) gaps.push({ path: 'oncall', variables: ['ONCALL_EMAIL', 'ONCALL_PHONE'] });
  if (!levelReachable(config, 'backup')) gaps.push({ path: 'backup', variables: ['BACKUP_EMAIL', 'BACKUP_PHONE'] });
  if (!(config.handoff.smtp && config.handoff.notifyEmails.length)) gaps.push({ path: 'inbox', variables: ['NOTIFY_EMAILS'] });
  if (!config.handoff.webhook) gaps.push({ path: 'webhook', variables: ['WEBHOOK_URL'] });
  return gaps;
}

const WHAT: Record<NoticePath, string> = {
  oncall: 'the on-call attorney is not paged',
  backup: 'no backup is paged when the on-call attorney does not acknowledge',
  inbox: 'finished intakes are not emailed to the firm',
  webhook: 'nothing is posted to a case-management system',
};

/** Paths whose gap leaves a person unpaged: warned about; the others (inbox, webhook) are only noted. */
const PAGING: ReadonlySet<NoticePath> = new Set(['oncall', 'backup']);

/**
 * At start: a line per path that reaches nobody, naming its variables (their values are never
 * logged): a warning for the attorneys' pages, information for the firm's inbox and the webhook.
 */
export function warnNoticeGaps(config: Reach, logger: { warn(o: object, msg: string): void; info(o: object, msg: string): void }): NoticeGap[] {
  const gaps = noticeGaps(config);
  for (const g of gaps) {
    const line = `notifications: ${g.variables.join(' / ')} not set: ${WHAT[g.path]}`;
    if (PAGING.has(g.path)) logger.warn({ path: g.path, variables: g.variables }, line);
    else logger.info({ path: g.path, variables: g.variables }, line);
  }
  if (!pagesAPerson(config))
    logger.warn(
      { variables: ['ONCALL_EMAIL', 'ONCALL_PHONE', 'BACKUP_EMAIL', 'BACKUP_PHONE'] },
      "notifications: an emergency reaches nobody: families are given the firm's phone number instead",
    );
  return gaps;
}
