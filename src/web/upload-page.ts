/**
 * The family's upload page behind their secure link: made for a phone, in their language, one
 * file input per checklist item of their intake (and "other" with a few words), and the list of
 * what has been received (names and dates only). It works as a plain form post; the page's one
 * script (upload-script.ts, served from this origin) sends file by file with progress. Every
 * value is escaped (the html tag of src/dashboard/html.ts).
 */
import type { Lang } from '../../dialogs/context';
import { html, raw, type SafeHtml } from '../dashboard/html';
import type { DocumentInfo } from '../documents/contract';
import type { UploadWords } from './upload-words';

export const UPLOAD_SCRIPT_PATH = '/upload-page.js';

/** The page's policy: nothing but its own script, its own posts, and its inline style. */
export const UPLOAD_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'unsafe-inline'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const STYLE = `body{font:17px/1.45 system-ui,sans-serif;margin:0;padding:1em;max-width:36em;color:#111;background:#fff}
h1{font-size:1.35em;margin:.2em 0 .6em}h2{font-size:1.1em;margin:1.2em 0 .4em}
fieldset{border:1px solid #ccc;border-radius:.5em;margin:0 0 .9em;padding:.7em .8em}
legend{font-weight:600;padding:0 .3em}label{display:block;margin:.3em 0}
input[type=file],input[type=text]{display:block;width:100%;box-sizing:border-box;font-size:1em;padding:.5em 0}
input[type=text]{padding:.5em;border:1px solid #888;border-radius:.3em}
button{font-size:1.1em;padding:.8em 1.2em;width:100%;border:0;border-radius:.4em;background:#0b57d0;color:#fff;margin:.4em 0}
button[disabled]{background:#777}progress{width:100%;height:1em}
.ok{padding:.6em .8em;background:#e6f4ea;border-radius:.4em;margin:.4em 0}.warn{padding:.6em .8em;background:#fdecea;border-radius:.4em;margin:.4em 0}
.got{margin:.3em 0 0;padding-left:1.2em;color:#1e4620}.small{font-size:.9em;color:#444}`;

export interface PageItem {
  key: string;
  /** The family's words for the item. */
  label: string;
}

export interface PageOutcome {
  received: string[];
  refused: Array<{ name: string; why: string }>;
  /** Why the sending was stopped, worded. */
  stopped: string | null;
}

export interface UploadPageView {
  lang: Lang;
  words: UploadWords;
  firmName: string;
  reference: string;
  action: string;
  items: PageItem[];
  other: PageItem;
  documents: DocumentInfo[];
  expiresAt: string;
  timeZone: string;
  maxFileMb: number;
  outcome?: PageOutcome;
}

function layout(lang: Lang, title: string, body: SafeHtml, script: boolean): string {
  return html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><link rel="icon" href="/favicon.svg"><title>${title}</title><style>${raw(STYLE)}</style>${script ? raw(`<script src="${UPLOAD_SCRIPT_PATH}" defer></script>`) : ''}</head><body><main>${body}</main></body></html>`
    .value;
}

const dateIn = (lang: Lang, timeZone: string, iso: string) => {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return iso;
  }
};

function fileInput(v: UploadPageView, item: PageItem, got: DocumentInfo[]): SafeHtml {
  const t = (k: string, vars?: Record<string, unknown>) => v.words.t(v.lang, k, vars);
  const id = `f-${item.key}`;
  const description =
    item.key === v.other.key
      ? html`<label for="d-other">${t('otherDescription')}</label><input type="text" id="d-other" name="description" maxlength="200" autocomplete="off">`
      : '';
  const received = got.length
    ? html`<ul class="got" aria-label="${t('received')}">${got.map((d) => html`<li>${t('receivedItem', { name: d.displayName, when: dateIn(v.lang, v.timeZone, d.receivedAt) })}</li>`)}</ul>`
    : '';
  return html`<fieldset data-item="${item.key}"><legend>${item.label}</legend>${description}<label for="${id}">${t('choose')}</label><input type="file" id="${id}" name="${item.key}" multiple accept="application/pdf,image/jpeg,image/png,image/heic,image/heif,image/webp"><progress max="100" value="0" hidden></progress><p class="state" aria-live="polite"></p>${received}</fieldset>`;
}

export function uploadPage(v: UploadPageView): string {
  const t = (k: string, vars?: Record<string, unknown>) => v.words.t(v.lang, k, vars);
  const byItem = (key: string) => v.documents.filter((d) => d.item === key);
  const o = v.outcome;
  const outcome = o
    ? html`<div id="outcome" role="status">${o.received.length ? html`<p class="ok">${t('resultOk', { count: o.received.length })}</p>` : ''}${o.refused.map((r) => html`<p class="warn">${t('resultRefused', { name: r.name, why: r.why })}</p>`)}${o.stopped ? html`<p class="warn">${o.stopped}</p>` : ''}</div>`
    : html`<div id="outcome" role="status"></div>`;
  const all = [...v.items, v.other];
  const listed = v.documents.length
    ? html`<ul>${all.map((i) => byItem(i.key).map((d) => html`<li>${i.label}: ${t('receivedItem', { name: d.displayName, when: dateIn(v.lang, v.timeZone, d.receivedAt) })}</li>`))}</ul>`
    : html`<p>${t('receivedNone')}</p>`;
  const body = html`<h1>${t('title')}</h1><p>${t('intro', { firmName: v.firmName })}</p><p class="small">${t('reference', { reference: v.reference })}</p>${outcome}
<form id="upload" method="post" enctype="multipart/form-data" action="${v.action}" data-sending="${t('sending')}" data-progress="${t('progress', { percent: '{p}' })}" data-sent="${t('sentOne')}" data-none="${t('nothingChosen')}">
${all.map((i) => fileInput(v, i, byItem(i.key)))}<p class="small">${t('limits', { maxFileMb: v.maxFileMb })}</p><button type="submit">${t('send')}</button></form>
<section id="received"><h2>${t('received')}</h2>${listed}</section>
<p class="small">${t('expires', { date: dateIn(v.lang, v.timeZone, v.expiresAt) })}</p><p class="small">${t('safety')}</p>`;
  return layout(v.lang, t('title'), body, true);
}

/** A link that cannot open the page (expired, forged, its intake unknown): said in their language, nothing else. */
export function linkProblemPage(lang: Lang, words: UploadWords, problem: 'expired' | 'forged' | 'unknown', vars: Record<string, unknown>): string {
  const t = (k: string) => words.t(lang, k, vars);
  return layout(
    lang,
    t(`link.${problem}Title`),
    html`<h1>${t(`link.${problem}Title`)}</h1><p>${t(`link.${problem}`)}</p><p class="small">${t('safety')}</p>`,
    false,
  );
}
