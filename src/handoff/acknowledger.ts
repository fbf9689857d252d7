/**
 * Who acknowledged a page, in words for every surface (the dashboard, the PDF, the page behind the
 * link). An escalation keeps an attorney's account id when acknowledged from the dashboard, or
 * how and at which level when acknowledged without signing in ("link:oncall" from the page's link,
 * "sms:backup" from a text reply): those read "the backup attorney, by text reply" (labels.json
 * ackBy), never as the stored code.
 */
import { firmLabels } from '../i18n/labels';
import type { EscalationRecord } from '../store/handoff-store';

const WITHOUT_SIGN_IN = /^(link|sms):(oncall|backup)$/;

/** `nameOf` names an account id; an id it does not know is shown as it is (an account since removed). */
export function acknowledgerName(by: string, nameOf: (id: string) => string | undefined): string {
  const m = WITHOUT_SIGN_IN.exec(by);
  if (m) return firmLabels()(m[1] === 'link' ? 'ackBy.link' : 'ackBy.sms', m[2] as EscalationRecord['level']);
  return nameOf(by) ?? by;
}
