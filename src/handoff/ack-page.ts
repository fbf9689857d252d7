/**
 * The small page behind an acknowledgement link: made for a phone, no script, no external
 * resource. Every value is escaped; the wording is the firm's (notify.json, "ack.page").
 */
import type { FirmText } from '../i18n/firm-text';
import type { EscalationRecord } from '../store/handoff-store';
import type { Reason } from '../summary/contract';
import { actorName } from '../i18n/actor';
import { firmLabels } from '../i18n/labels';
import { instant } from '../i18n/values';
import { noticeVars } from './notices';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

const STYLE = `body{font:17px/1.45 system-ui,sans-serif;margin:0;padding:1.2em;max-width:34em;color:#111}
h1{font-size:1.3em;margin:0 0 .8em}dl{display:grid;grid-template-columns:auto 1fr;gap:.3em 1em;margin:0 0 1.2em}
dt{color:#555}dd{margin:0;font-weight:600}button{font-size:1.15em;padding:.8em 1.4em;width:100%;border:0;border-radius:.4em;background:#b00020;color:#fff}
.done{padding:.8em;background:#e6f4ea;border-radius:.4em}.warn{padding:.8em;background:#fff4e5;border-radius:.4em}`;

function layout(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`
  );
}

export interface AckView {
  escalation: EscalationRecord;
  /** The request's category, when the intake is kept. */
  requestReason: Reason | null;
  detailsUrl: string;
  /** Where the form posts, and the form's token. */
  action: string;
  formToken: string;
  /** The form came back with a wrong or missing form token. */
  formExpired?: boolean;
  /** The firm's time zone, for when it was acknowledged. */
  timeZone: string;
}

/**
 * An attorney who acknowledged from the dashboard, unnamed: this page opens with the link alone,
 * without signing in, and does not say who works at the firm.
 */
const signedIn = () => firmLabels().signedIn();

export function ackPage(t: FirmText, v: AckView): string {
  const e = v.escalation;
  const vars = noticeVars(
    t,
    { intakeId: e.intakeId, reference: e.reference, tier: e.tier, reasons: e.reasons, requestReason: v.requestReason },
    { detailsUrl: v.detailsUrl },
  );
  const title = t('ack.page.title', vars);
  const facts = [
    [t('ack.page.reference'), e.reference],
    [t('ack.page.tier'), String(vars.tier)],
    [t('ack.page.reasons'), String(vars.reasons)],
    [t('ack.page.requestReason'), String(vars.requestReason)],
  ]
    .map(([k, val]) => `<dt>${esc(k)}</dt><dd>${esc(val)}</dd>`)
    .join('');
  const state = e.acknowledgedAt
    ? `<p class="done">${esc(t('ack.page.acknowledged', { when: instant(e.acknowledgedAt, v.timeZone), by: actorName(e.acknowledgedBy ?? '', signedIn) }))}</p>`
    : `${v.formExpired ? `<p class="warn">${esc(t('ack.page.expiredForm'))}</p>` : ''}<p>${esc(t('ack.page.explain'))}</p>` +
      `<form method="post" action="${esc(v.action)}"><input type="hidden" name="form" value="${esc(v.formToken)}"><button type="submit">${esc(t('ack.page.button'))}</button></form>`;
  return layout(title, `<h1>${esc(title)}</h1><dl>${facts}</dl>${state}<p><a href="${esc(v.detailsUrl)}">${esc(t('ack.page.details'))}</a></p>`);
}

export function notFoundPage(t: FirmText): string {
  const title = t('ack.page.notFoundTitle');
  return layout(title, `<h1>${esc(title)}</h1><p>${esc(t('ack.page.notFound'))}</p>`);
}
