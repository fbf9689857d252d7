/**
 * Who did something to an intake or a page, in words for every surface (the dashboard, the PDF,
 * the page behind the acknowledgement link). The store keeps who acted as an attorney's account
 * id, or as how they acted without signing in: "link:oncall" (the page's link), "sms:backup" (a
 * text reply), "token:NAME" (an API token). Those read "the backup attorney, by text reply" or
 * "NAME (API integration)" (labels.json actor), never as the stored code.
 */
import type { EscalationRecord } from '../store/handoff-store';
import { firmLabels } from './labels';

const PAGED = /^(link|sms):(oncall|backup)$/;
const TOKEN = /^token:(.+)$/;

/** `nameOf` names an account id; an id it does not know is shown as it is (an account since removed). */
export function actorName(by: string, nameOf: (id: string) => string | undefined): string {
  const paged = PAGED.exec(by);
  if (paged) return firmLabels()(paged[1] === 'link' ? 'actor.link' : 'actor.sms', paged[2] as EscalationRecord['level']);
  const token = TOKEN.exec(by);
  if (token) return firmLabels().integration(token[1]);
  return nameOf(by) ?? by;
}
