/** The frame of every dashboard page: the header with the navigation and sign-out, and the styles. */
import type { FirmText } from '../../i18n/firm-text';
import type { Attorney } from '../../store/account-store';
import { html, raw, type SafeHtml } from '../html';
import { STYLES } from './styles';

export type NavItem = 'queue' | 'progress' | 'closed' | 'audit' | null;

export interface PageFrame {
  t: FirmText;
  firmName: string;
  title: string;
  /** Null on the sign-in page. */
  attorney: Attorney | null;
  csrfToken: string | null;
  current?: NavItem;
  /** Shown at the top of every signed-in page (an emergency would page nobody: paging-banner.ts). */
  banner?: SafeHtml | null;
}

const NAV: Array<{ item: Exclude<NavItem, null>; href: string }> = [
  { item: 'queue', href: '/intakes' },
  { item: 'progress', href: '/intakes?view=progress' },
  { item: 'closed', href: '/intakes?view=closed' },
  { item: 'audit', href: '/audit' },
];

export function attorneyName(a: Pick<Attorney, 'name' | 'email'>): string {
  return a.name?.trim() || a.email;
}

export function layout(f: PageFrame, body: SafeHtml): SafeHtml {
  const { t } = f;
  const top = f.attorney
    ? html`<header class="top">
  <div class="firm">${f.firmName}</div>
  <nav aria-label="Main">
    ${NAV.map((n) => html`<a href="${n.href}"${n.item === f.current ? raw(' aria-current="page"') : ''}>${t(`app.nav.${n.item}`)}</a>`)}
    <form method="post" action="/logout"><input type="hidden" name="csrf" value="${f.csrfToken}"><button type="submit">${t('app.signOut')}</button></form>
  </nav>
  <div class="who">${t('app.signedInAs', { who: attorneyName(f.attorney) })}</div>
</header>`
    : html`<header class="top"><div class="firm">${f.firmName}</div></header>`;
  return html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${f.title} · ${t('app.title', { firmName: f.firmName })}</title>
<style>${raw(STYLES)}</style>
</head>
<body>
${top}
<main id="main">
${f.attorney && f.banner ? f.banner : ''}
${body}
</main>
</body>
</html>`;
}

/** A POST button carrying the session's CSRF token and a few hidden fields. */
export function postButton(action: string, csrf: string, label: string, fields: Record<string, string> = {}, cls = ''): SafeHtml {
  return html`<form method="post" action="${action}">
<input type="hidden" name="csrf" value="${csrf}">
${Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<button type="submit"${cls ? html` class="${cls}"` : ''}>${label}</button>
</form>`;
}
