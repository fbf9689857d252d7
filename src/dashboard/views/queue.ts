/** The queue: escalations waiting for an acknowledgement first, then the intakes, most urgent first. */
import type { FirmText } from '../../i18n/firm-text';
import type { Attorney } from '../../store/account-store';
import { HANDLING_STATUSES, type EscalationRecord, type IntakePage, type ListedIntake } from '../../store/handoff-store';
import { TIERS, type Tier } from '../../summary/contract';
import { formatAge, label, labels } from '../format';
import { html, raw, type SafeHtml } from '../html';
import { queueHref, type QueueFilters } from '../queue';
import { dateUnknownBadge } from './intake';
import { attorneyName, layout, postButton } from './layout';

export interface QueueViewData {
  t: FirmText;
  firmName: string;
  attorney: Attorney;
  csrfToken: string;
  filters: QueueFilters;
  escalations: EscalationRecord[];
  page: IntakePage;
  attorneys: Map<string, Attorney>;
  now: Date;
  flash: string | null;
  banner?: SafeHtml | null;
}

function tierBadge(tier: Tier | null, t: FirmText) {
  return html`<span class="badge ${tier ?? 'none'}">${label(t, 'tier.badge', tier ?? 'none')}</span>`;
}

/** Who is being paged, or that nobody could be (no contact configured at its level): never "paging" nobody. */
export function pagingText(t: FirmText, e: Pick<EscalationRecord, 'level' | 'nobodyPaged'>): string {
  return t(e.nobodyPaged ? 'queue.pagingNobody' : 'queue.paging', { level: label(t, 'level', e.level) });
}

function escalationCard(v: QueueViewData, e: EscalationRecord) {
  const { t } = v;
  return html`<li class="card">
<a class="row" href="/intakes/${encodeURIComponent(e.intakeId)}"><span class="ref">${e.reference}</span> ${tierBadge(e.tier, t)}</a>
<div class="escalate">${labels(t, 'escalation', e.reasons)}</div>
<div class="meta">${t('queue.escalationAt', { age: formatAge(t, e.createdAt, v.now) })} · ${pagingText(t, e)}</div>
<div class="actions">${postButton(`/escalations/${encodeURIComponent(e.id)}/ack`, v.csrfToken, t('queue.acknowledge'), { back: '/intakes' }, 'warn')}</div>
</li>`;
}

function intakeRow(v: QueueViewData, item: ListedIntake) {
  const { t } = v;
  const s = item.summary;
  const h = item.handling;
  const claimer = h.claimedBy ? v.attorneys.get(h.claimedBy) : undefined;
  const who = h.claimedBy
    ? h.claimedBy === v.attorney.id
      ? t('intake.claimedByYou', { who: attorneyName(v.attorney) })
      : t('queue.claimedBy', { who: claimer ? attorneyName(claimer) : h.claimedBy })
    : '';
  return html`<li class="card" data-reference="${s.reference}">
<a class="row" href="/intakes/${encodeURIComponent(s.intakeId)}">
<span class="ref">${s.reference}</span> ${tierBadge(s.triage.tier, t)}${dateUnknownBadge(t, s)}
<span class="status">${label(t, 'handling', h.status)}</span>
<div>${label(t, 'reason', s.request.reason ?? 'none')}</div>
${s.triage.escalationReasons.length ? html`<div class="escalate">${labels(t, 'escalation', s.triage.escalationReasons)}</div>` : ''}
<div class="meta">${t('queue.received', { age: formatAge(t, s.createdAt, v.now) })}${who ? html` · ${who}` : ''}${
    s.status !== 'complete' ? html` · ${t('queue.intakeStatus', { status: label(t, 'intakeStatus', s.status) })}` : ''
  }</div>
</a>
</li>`;
}

function filterForm(v: QueueViewData) {
  const { t, filters: f } = v;
  const option = (value: string, text: string, selected: boolean) => html`<option value="${value}"${selected ? raw(' selected') : ''}>${text}</option>`;
  // Folded away on a phone unless a filter is on: the list comes first.
  return html`<details class="filters-box"${f.status || f.tier ? raw(' open') : ''}><summary>${t('queue.filters')}</summary>
<form method="get" action="/intakes" class="filters" aria-label="${t('queue.filters')}">
${f.view !== 'queue' ? html`<input type="hidden" name="view" value="${f.view}">` : ''}
<div><label for="status">${t('queue.status')}</label>
<select id="status" name="status">${option('', t('queue.any'), !f.status)}${HANDLING_STATUSES.map((s) => option(s, label(t, 'handling', s), f.status === s))}</select></div>
<div><label for="tier">${t('queue.tier')}</label>
<select id="tier" name="tier">${option('', t('queue.any'), !f.tier)}${TIERS.map((x) => option(x, label(t, 'tier.short', x), f.tier === x))}${option('none', label(t, 'tier.short', 'none'), f.tier === 'none')}</select></div>
<button type="submit" class="secondary">${t('queue.apply')}</button>
</form></details>`;
}

export function queuePage(v: QueueViewData) {
  const { t, filters: f } = v;
  const title = f.view === 'progress' ? t('queue.titleProgress') : f.view === 'closed' ? t('queue.titleClosed') : t('queue.title');
  const body = html`
${v.flash ? html`<p class="flash" role="status">${v.flash}</p>` : ''}
${
  f.view === 'queue' && v.escalations.length
    ? html`<h2 class="escalate">${t('queue.escalations')}</h2><ul class="list" id="escalations">${v.escalations.map((e) => escalationCard(v, e))}</ul>`
    : ''
}
<h1>${title}</h1>
${filterForm(v)}
${v.page.items.length ? html`<ul class="list" id="intakes">${v.page.items.map((i) => intakeRow(v, i))}</ul>` : html`<p>${t('queue.empty')}</p>`}
<div class="pager">
${f.cursor ? html`<a class="button secondary" href="${queueHref(f)}">${t('queue.first')}</a>` : ''}
${v.page.next ? html`<a class="button secondary" rel="next" href="${queueHref(f, v.page.next)}">${t('queue.next')}</a>` : ''}
</div>`;
  return layout({ t, firmName: v.firmName, title, attorney: v.attorney, csrfToken: v.csrfToken, current: f.view, banner: v.banner }, body);
}
