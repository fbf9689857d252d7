/**
 * One intake, for the attorney: the header, the flags, what is missing, the facts in sections,
 * the evidence to request, consent, escalations and notifications, the handling controls, and the
 * whole transcript as the family wrote it (their language, marked with lang=).
 */
import type { FirmText } from '../../i18n/firm-text';
import type { Attorney } from '../../store/account-store';
import type { EscalationRecord, Handling, OutboxItem } from '../../store/handoff-store';
import type { TranscriptEntry } from '../../store/store';
import { GROUNDS, type Summary } from '../../summary/contract';
import { capitalized } from '../../i18n/labels';
import { channelName, formatTime, label, labels, languageName } from '../format';
import { html, type SafeHtml } from '../html';
import { attorneyName, layout, postButton } from './layout';

export interface IntakeViewData {
  t: FirmText;
  firmName: string;
  timeZone: string;
  attorney: Attorney;
  csrfToken: string;
  summary: Summary;
  handling: Handling;
  escalations: EscalationRecord[];
  deliveries: OutboxItem[];
  transcript: TranscriptEntry[];
  attorneys: Map<string, Attorney>;
  flash: { text: string; bad: boolean } | null;
}

type Row = [string, SafeHtml | string | null | undefined];

function rows(t: FirmText, list: Row[]) {
  return html`<dl>${list.map(([k, v]) => html`<dt>${t(`field.${k}`)}</dt><dd>${v === null || v === undefined || v === '' ? t('none') : v}</dd>`)}</dl>`;
}

/** The family's own words: kept as written, line breaks shown, marked with their language. */
const words = (s: string | null | undefined, lang: string) => (s ? html`<span class="words" lang="${lang}">${s}</span>` : null);
const yesNo = (t: FirmText, b: boolean | null) => (b === null ? null : label(t, 'answer', b ? 'yes' : 'no'));

function whoIs(v: IntakeViewData, id: string | null): string {
  if (!id) return v.t('none');
  if (id === v.attorney.id) return attorneyName(v.attorney);
  const a = v.attorneys.get(id);
  return a ? attorneyName(a) : id;
}

function flags(v: IntakeViewData) {
  const { t, summary: s } = v;
  const tr = s.triage;
  return html`<section class="card" id="flags"><h2>${t('intake.flags')}</h2>
${tr.escalationReasons.length ? html`<p class="escalate">${t('intake.escalate')}: ${labels(t, 'escalation', tr.escalationReasons)}</p>` : html`<p>${t('intake.noFlags')}</p>`}
${tr.feeExemptionIndicators.length ? html`<p>${t('intake.feeExemption')}: ${labels(t, 'fee', tr.feeExemptionIndicators)}</p>` : ''}
${tr.possiblePaths.length ? html`<p>${t('intake.paths')}: ${labels(t, 'path', tr.possiblePaths)}</p>` : ''}
<h3>${t('intake.missing')}</h3>
${tr.missing.length ? html`<ul>${tr.missing.map((m) => html`<li>${m}</li>`)}</ul>` : html`<p>${t('intake.nothing')}</p>`}
${tr.unsure.length ? html`<h3>${t('intake.unsure')}</h3><ul>${tr.unsure.map((m) => html`<li>${m}</li>`)}</ul>` : ''}
</section>`;
}

function facts(v: IntakeViewData) {
  const { t, summary: s } = v;
  const lang = s.language;
  const c = s.contact;
  const tv = s.traveler;
  const r = s.request;
  const d = r.details;
  const h = s.history;
  const detailRows: Row[] = [];
  if (d.patient) detailRows.push(['patient', label(t, 'patient', d.patient)]);
  if (d.condition) detailRows.push(['condition', words(d.condition, lang)]);
  if (d.relation) detailRows.push(['relation', words(d.relation, lang)]);
  if (d.prognosis) detailRows.push(['prognosis', words(d.prognosis, lang)]);
  if (d.dateOfDeath) detailRows.push(['dateOfDeath', d.dateOfDeath]);
  if (d.provider) detailRows.push(['provider', words(d.provider, lang)]);
  if (d.unavailableAtHome) detailRows.push(['unavailableAtHome', label(t, 'answer', d.unavailableAtHome)]);
  if (d.payer) detailRows.push(['payer', words(d.payer, lang)]);
  if (d.court) detailRows.push(['court', words(d.court, lang)]);
  if (d.caseNumber) detailRows.push(['caseNumber', d.caseNumber]);
  if (d.courtRole) detailRows.push(['courtRole', label(t, 'courtRole', d.courtRole)]);
  if (d.subpoena) detailRows.push(['subpoena', label(t, 'answer', d.subpoena)]);
  if (d.hearingDates?.length) detailRows.push(['hearingDates', d.hearingDates.join(', ')]);
  const place = [tv.city, tv.country].filter(Boolean).join(', ');
  const answered = GROUNDS.filter((g) => h[g] !== null);
  return html`
<section class="card" id="contact"><h2>${t('intake.contact')}</h2>${rows(t, [
    ['role', label(t, 'role', c.role)],
    ['relationship', words(c.relationshipToTraveler, lang)],
    ['name', c.name],
    ['phone', c.phone ? html`<a href="tel:${c.phone}">${c.phone}</a>` : null],
    ['email', c.email ? html`<a href="mailto:${c.email}">${c.email}</a>` : null],
    ['bestTime', words(c.bestTime, lang)],
    ['language', languageName(lang)],
    ['channel', label(t, 'channel', s.channel)],
  ])}</section>
<section class="card" id="traveler"><h2>${t('intake.traveler')}</h2>${rows(t, [
    ['name', tv.name],
    ['citizenships', tv.citizenships.join(', ')],
    ['locationNow', tv.locationNow ? label(t, 'location', tv.locationNow) : null],
    ['place', place],
    ['intendedPort', tv.intendedPort],
    ['isMinor', yesNo(t, tv.isMinor)],
  ])}</section>
<section class="card" id="request"><h2>${t('intake.request')}</h2>${rows(t, [
    ['reason', r.reason ? label(t, 'reason', r.reason) : null],
    ['neededBy', r.neededBy],
    ['stayDays', r.stayDays === null ? null : t('field.stayDaysValue', { n: r.stayDays })],
    ...detailRows,
  ])}
${r.narrative ? html`<h3>${t('intake.narrative')}</h3><p class="words" lang="${lang}">${r.narrative}</p>` : ''}
</section>
<section class="card" id="parties"><h2>${t('intake.otherParties')}</h2>${s.otherParties.length ? html`<ul>${s.otherParties.map((p) => html`<li>${p}</li>`)}</ul>` : html`<p>${t('none')}</p>`}</section>
<section class="card" id="history"><h2>${t('intake.history')}</h2>
${answered.length ? html`<dl>${answered.map((g) => html`<dt>${capitalized(label(t, 'ground', g))}</dt><dd>${label(t, 'answer', h[g])}</dd>`)}</dl>` : html`<p>${t('none')}</p>`}
${
  // One small block per incident: a six-column table does not fit a phone.
  h.incidents.length
    ? html`<h3>${t('intake.incidents')}</h3><ol class="incidents" id="incidents">${h.incidents.map(
        (i) =>
          html`<li><dl><dt>${t('intake.incident.date')}</dt><dd>${i.date ?? t('none')}</dd><dt>${t('intake.incident.place')}</dt><dd lang="${lang}">${i.place ?? t('none')}</dd><dt>${t('intake.incident.charge')}</dt><dd lang="${lang}">${i.charge ?? t('none')}</dd><dt>${t('intake.incident.outcome')}</dt><dd>${label(t, 'outcome', i.outcome)}</dd><dt>${t('intake.incident.sentence')}</dt><dd lang="${lang}">${i.sentence ?? t('none')}</dd></dl></li>`,
      )}</ol>`
    : ''
}
${h.notes ? html`<h3>${t('intake.notes')}</h3><p class="words" lang="${lang}">${h.notes}</p>` : ''}
</section>
<section class="card" id="documents"><h2>${t('intake.documents')}</h2><p>${labels(t, 'document', s.documentsOnHand)}</p></section>
<section class="card" id="evidence"><h2>${t('intake.evidence')}</h2>${s.evidenceChecklist.length ? html`<ul>${s.evidenceChecklist.map((e) => html`<li>${e}</li>`)}</ul>` : html`<p>${t('intake.nothing')}</p>`}</section>
<section class="card" id="consent"><h2>${t('intake.consent')}</h2><p>${
    s.consent
      ? t('intake.consentGiven', { at: formatTime(s.consent.acceptedAt, v.timeZone), version: s.consent.noticeVersion, channel: channelName(t, s.consent.channel) })
      : t('intake.noConsent')
  }</p></section>`;
}

function escalations(v: IntakeViewData) {
  const { t } = v;
  return html`<section class="card" id="escalations"><h2>${t('intake.escalations')}</h2>
${
  v.escalations.length
    ? html`<ul class="list">${v.escalations.map(
        (e) => html`<li class="card"><div>${t('intake.escalationLine', { at: formatTime(e.createdAt, v.timeZone), reasons: labels(t, 'escalation', e.reasons) })}</div>
<div class="meta">${e.acknowledgedAt ? t('intake.acknowledgedBy', { at: formatTime(e.acknowledgedAt, v.timeZone), who: whoIs(v, e.acknowledgedBy) }) : html`<strong class="escalate">${t('intake.notAcknowledged')}</strong> · ${t('queue.paging', { level: label(t, 'level', e.level) })}`}</div>
${e.acknowledgedAt ? '' : html`<div class="actions">${postButton(`/escalations/${encodeURIComponent(e.id)}/ack`, v.csrfToken, t('queue.acknowledge'), { back: `/intakes/${v.summary.intakeId}` }, 'warn')}</div>`}
</li>`,
      )}</ul>`
    : html`<p>${t('intake.noEscalations')}</p>`
}
<h3>${t('intake.deliveries')}</h3>
${
  v.deliveries.length
    ? html`<ul>${v.deliveries.map(
        (d) => html`<li>${t('intake.deliveryLine', { kind: d.kind, state: t(`intake.delivery.${d.state}`), attempts: d.attempts })}${d.doneAt ? html` · ${formatTime(d.doneAt, v.timeZone)}` : ''}${d.lastError ? html` · ${t('intake.deliveryError', { code: d.lastError })}` : ''}</li>`,
      )}</ul>`
    : html`<p>${t('intake.noDeliveries')}</p>`
}
</section>`;
}

function handlingControls(v: IntakeViewData) {
  const { t, handling: h } = v;
  const id = v.summary.intakeId;
  const action = `/intakes/${encodeURIComponent(id)}/status`;
  const form = (act: string, text: string, cls = '') => postButton(action, v.csrfToken, text, { action: act, expected: h.status, claimedBy: h.claimedBy ?? '' }, cls);
  const mine = h.claimedBy === v.attorney.id;
  const other = h.claimedBy !== null && !mine && h.status !== 'closed';
  const buttons: SafeHtml[] = [];
  if (other) buttons.push(form('takeover', t('intake.action.takeover', { who: whoIs(v, h.claimedBy) }), 'secondary'));
  else {
    if (h.status === 'new') buttons.push(form('claim', t('intake.action.claim')));
    if (h.status === 'new' || h.status === 'claimed') buttons.push(form('contacted', t('intake.action.contacted'), h.status === 'new' ? 'secondary' : ''));
    if (h.status !== 'closed') buttons.push(form('closed', t('intake.action.closed'), 'secondary'));
  }
  if (h.status === 'closed') buttons.push(form('reopen', t('intake.action.reopen'), 'secondary'));
  return html`<section class="card" id="handling"><h2>${t('intake.handling')}</h2>
<p>${t('intake.handlingNow', { status: label(t, 'handling', h.status) })}</p>
${h.claimedBy ? html`<p id="claimed">${mine ? t('intake.claimedByYou', { who: attorneyName(v.attorney) }) : t('intake.claimedBy', { who: whoIs(v, h.claimedBy), at: formatTime(h.claimedAt, v.timeZone) })}</p>` : ''}
${h.updatedAt ? html`<p class="meta">${t('intake.updated', { at: formatTime(h.updatedAt, v.timeZone), who: whoIs(v, h.updatedBy) })}</p>` : ''}
${other ? html`<p class="meta">${t('intake.takeoverNote')}</p>` : ''}
<div class="actions">${buttons}</div>
</section>`;
}

function transcript(v: IntakeViewData) {
  const { t } = v;
  return html`<section id="transcript"><h2>${t('intake.transcript')}</h2>
<p class="meta">${t('intake.transcriptNote', { timeZone: v.timeZone })}</p>
${
  v.transcript.length
    ? html`<ol class="transcript">${v.transcript.map(
        (e) => html`<li class="${e.direction}"><span class="who">${t(`intake.from.${e.direction}`)} · <time datetime="${e.at}">${formatTime(e.at, v.timeZone)}</time></span><span class="words" lang="${e.language ?? v.summary.language}">${e.text}</span>${
          e.media.length ? html`<span class="meta"> · ${t('intake.media', { n: e.media.length })}</span>` : ''
        }</li>`,
      )}</ol>`
    : html`<p>${t('intake.transcriptGone')}</p>`
}
</section>`;
}

export function intakePage(v: IntakeViewData) {
  const { t, summary: s, handling: h } = v;
  const body = html`
<p><a href="/intakes">${t('intake.back')}</a></p>
${v.flash ? html`<p class="${v.flash.bad ? 'flash bad' : 'flash'}" role="status" id="flash">${v.flash.text}</p>` : ''}
<h1><span id="reference">${s.reference}</span> <span class="badge ${s.triage.tier ?? 'none'}">${label(t, 'tier.badge', s.triage.tier ?? 'none')}</span> <span class="status">${label(t, 'handling', h.status)}</span></h1>
<p class="meta">${label(t, 'reason', s.request.reason ?? 'none')} · ${languageName(s.language)} · ${t('queue.intakeStatus', { status: label(t, 'intakeStatus', s.status) })} · ${t('field.received')} ${formatTime(s.createdAt, v.timeZone)}${
    s.completedAt ? html` · ${t('field.completed')} ${formatTime(s.completedAt, v.timeZone)}` : ''
  }</p>
<div class="actions"><a class="button secondary" href="/intakes/${encodeURIComponent(s.intakeId)}.pdf" download>${t('intake.pdf')}</a></div>
${handlingControls(v)}
${flags(v)}
${facts(v)}
${escalations(v)}
${transcript(v)}`;
  return layout({ t, firmName: v.firmName, title: s.reference, attorney: v.attorney, csrfToken: v.csrfToken }, body);
}
