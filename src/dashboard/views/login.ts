/** The sign-in page. */
import type { FirmText } from '../../i18n/firm-text';
import { html } from '../html';
import { layout } from './layout';

export interface LoginView {
  t: FirmText;
  firmName: string;
  /** The signed pre-session token the form carries. */
  formToken: string;
  next: string;
  /** A message: failed, locked, tooManyHere, expired, signedOut. */
  message?: { key: string; vars?: Record<string, unknown>; bad: boolean } | null;
  email?: string;
}

export function loginPage(v: LoginView) {
  const { t } = v;
  const body = html`<div class="login">
<h1>${t('login.title')}</h1>
<p>${t('login.intro', { firmName: v.firmName })}</p>
${v.message ? html`<p class="${v.message.bad ? 'error' : 'flash'}" role="alert">${t(v.message.key, v.message.vars)}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="${v.formToken}">
<input type="hidden" name="next" value="${v.next}">
<label for="email">${t('login.email')}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${v.email ?? ''}">
<label for="password">${t('login.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${t('login.submit')}</button>
</form>
</div>`;
  return layout({ t, firmName: v.firmName, title: t('login.title'), attorney: null, csrfToken: null }, body);
}
