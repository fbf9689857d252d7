/**
 * The second step of closing an intake: closing ends the firm's work on it, so it is asked once
 * more on a page of its own (a form, not a script's confirm(): it works without script). The form
 * carries the session's CSRF token and the status the attorney saw, like every handling button.
 */
import type { FirmText } from '../../i18n/firm-text';
import type { Attorney } from '../../store/account-store';
import type { Handling } from '../../store/handoff-store';
import { label } from '../format';
import { html, type SafeHtml } from '../html';
import { layout, postButton } from './layout';

export interface CloseConfirmData {
  t: FirmText;
  firmName: string;
  attorney: Attorney;
  csrfToken: string;
  intakeId: string;
  reference: string;
  handling: Handling;
  /** An emergency would page nobody (paging-banner.ts). */
  banner?: SafeHtml | null;
}

export function closeConfirmPage(v: CloseConfirmData) {
  const { t, handling: h } = v;
  const back = `/intakes/${encodeURIComponent(v.intakeId)}`;
  const body = html`
<h1>${t('closeConfirm.title', { reference: v.reference })}</h1>
<p>${t('closeConfirm.question', { status: label(t, 'handling', h.status) })}</p>
<div class="actions" id="confirm-close">
${postButton(`${back}/status`, v.csrfToken, t('closeConfirm.yes'), { action: 'closed', expected: h.status, claimedBy: h.claimedBy ?? '', confirm: 'yes' }, 'warn')}
<a class="button secondary" href="${back}">${t('closeConfirm.no')}</a>
</div>`;
  return layout({ t, firmName: v.firmName, title: v.reference, attorney: v.attorney, csrfToken: v.csrfToken, banner: v.banner }, body);
}
