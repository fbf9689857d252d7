/** The audit log, newest first, optionally for one intake. */
import { actorName } from '../../i18n/actor';
import type { FirmText } from '../../i18n/firm-text';
import { firmLabels, type LabelGroup } from '../../i18n/labels';
import type { Attorney } from '../../store/account-store';
import type { AuditEntry } from '../../store/handoff-store';
import { formatTime } from '../format';
import { html, type SafeHtml } from '../html';
import { attorneyName, layout } from './layout';

export interface AuditViewData {
  t: FirmText;
  firmName: string;
  timeZone: string;
  attorney: Attorney;
  csrfToken: string;
  entries: AuditEntry[];
  intakeId: string | null;
  attorneys: Map<string, Attorney>;
  banner?: SafeHtml | null;
}

/** The label groups of the details whose values are codes. */
const DETAIL_VALUES = new Map<string, LabelGroup>([
  ['level', 'level'],
  ['via', 'delivery'],
  ['channel', 'channel'],
  ['from', 'handling'],
  ['to', 'handling'],
  ['status', 'handling'],
  ['action', 'handling'],
]);

/** What was done, in words (audit.actions in dashboard.json); an action it does not name, as stored. */
function auditAction(t: FirmText, action: string): string {
  const key = `audit.actions.${action}`;
  return t.has(key) ? t(key) : action.replace(/_/g, ' ');
}

export function auditPage(v: AuditViewData) {
  const { t } = v;
  const actor = (id: string) =>
    actorName(id, (x) => {
      const a = v.attorneys.get(x);
      return a ? attorneyName(a) : undefined;
    });
  // Each detail in words: its key from audit.detailKeys, a value of a labelled kind (a level, a
  // channel, a handling status, who it was taken from) by its label; the rest (a reference, a count) as stored.
  const labels = firmLabels();
  const valueOf = (k: string, x: string | number | null): string => {
    if (x === null) return t('none');
    if (typeof x === 'number') return String(x);
    const group = DETAIL_VALUES.get(k);
    if (group && labels.has(group, x)) return labels(group, x as never);
    if (k === 'from' && !labels.has('handling', x)) return actor(x);
    return x;
  };
  const detail = (d: AuditEntry['detail']) =>
    Object.entries(d)
      .map(([k, x]) => `${t.has(`audit.detailKeys.${k}`) ? t(`audit.detailKeys.${k}`) : k}: ${valueOf(k, x)}`)
      .join(', ');
  const body = html`<h1>${t('audit.title')}</h1>
<form method="get" action="/audit" class="filters">
<div style="grid-column:1/-1"><label for="intake">${t('audit.intake')}</label><input id="intake" name="intake" type="text" value="${v.intakeId ?? ''}"></div>
<button type="submit" class="secondary">${t('audit.filter')}</button>
</form>
${v.intakeId ? html`<p><a href="/audit">${t('audit.all')}</a></p>` : ''}
${
  v.entries.length
    ? html`<div class="table-wrap"><table id="audit"><thead><tr><th>${t('audit.at')}</th><th>${t('audit.actor')}</th><th>${t('audit.action')}</th><th>${t('audit.on')}</th><th>${t('audit.detail')}</th></tr></thead><tbody>${v.entries.map(
        (e) =>
          html`<tr><td>${formatTime(e.at, v.timeZone)}</td><td>${actor(e.actor)}</td><td data-action="${e.action}">${auditAction(t, e.action)}</td><td>${
            e.intakeId ? html`<a href="/intakes/${encodeURIComponent(e.intakeId)}">${e.intakeId}</a>` : t('none')
          }</td><td>${detail(e.detail)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t('audit.empty')}</p>`
}`;
  return layout({ t, firmName: v.firmName, title: t('audit.title'), attorney: v.attorney, csrfToken: v.csrfToken, current: 'audit', banner: v.banner }, body);
}
