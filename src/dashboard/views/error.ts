/** A refusal or a missing page: a title and one sentence, nothing about any intake. */
import type { FirmText } from '../../i18n/firm-text';
import type { Attorney } from '../../store/account-store';
import { html, type SafeHtml } from '../html';
import { layout } from './layout';

export function errorPage(
  t: FirmText,
  firmName: string,
  titleKey: string,
  textKey: string,
  who: { attorney: Attorney; csrfToken: string; banner?: SafeHtml | null } | null = null,
) {
  const body = html`<h1>${t(titleKey)}</h1><p>${t(textKey)}</p>${who ? html`<p><a href="/intakes">${t('intake.back')}</a></p>` : html`<p><a href="/login">${t('login.submit')}</a></p>`}`;
  return layout({ t, firmName, title: t(titleKey), attorney: who?.attorney ?? null, csrfToken: who?.csrfToken ?? null, banner: who?.banner }, body);
}
