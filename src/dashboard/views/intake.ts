/**
 * One intake, for the attorney: the header, the flags, what is missing, the facts in sections,
 * the evidence to request, consent, escalations and notifications, the handling controls, and the
 * whole transcript as the family wrote it (their language, marked with lang=).
 */
import type { FirmText } from '../../i18n/firm-text';
import type { Attorney } from '../../store/account-store';
import type { EscalationRecord, Handling, OutboxItem } from '../../store/handoff-store';
import type { TranscriptEntry } from '../../store/store';
import type { Summary } from '../../summary/contract';
import { answerDetailLines, detailRows, isYesNo, pathGroups, rowsBySection, unknownLists, type DetailRow, type RowValue } from '../../summary/detail-rows';
import type { FactSection, FieldPath } from '../../summary/field-paths';
import { actorName } from '../../i18n/actor';
import { capitalized, firmLabels } from '../../i18n/labels';
import { calendarDate, countryName, phoneForReading, timeZoneName } from '../../i18n/values';
import { channelName, formatTime, label, labels, languageName } from '../format';
import { html, type SafeHtml } from '../html';
import { attorneyName, layout, postButton } from './layout';
import { pagingText } from './queue';
import { authorLabel, conversationCard, textStateOf, type TalkData } from './conversation';
import type { Hold } from '../../store/handoff-store';
import { LIVE_SCRIPT_PATH } from '../live-script';
import type { ReceivedDocuments } from '../../summary/received-documents';
import { documentsCard } from './documents';

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
  banner?: SafeHtml | null;
  /** Who holds the family's conversation (takeover), or null: the assistant has it. */
  hold?: Hold | null;
  /** Writing to the family: the texts sent and their states, whether they opted out, a draft kept. */
  talk?: TalkData;
  /** The documents received, by checklist item (documents.ts); without it, the checklist alone. */
  documents?: ReceivedDocuments;
}

/** A list of "label: value" rows; the dash where the value is not known. */
function dl(t: FirmText, list: Array<[string, SafeHtml | string | null]>) {
  return html`<dl>${list.map(([k, v]) => html`<dt>${k}</dt><dd>${v === null || v === '' ? t('none') : v}</dd>`)}</dl>`;
}

/** The family's own words: kept as written, line breaks shown, marked with their language. */
const words = (s: string, lang: string) => html`<span class="words" lang="${lang}">${s}</span>`;

/** A value as the page shows it: the family's words marked with their language, a phone or an address as a link, enum values in words. */
function shown(t: FirmText, v: RowValue | null, lang: string): SafeHtml | string | null {
  if (v === null) return null;
  switch (v.kind) {
    case 'words':
      return words(v.text, lang);
    case 'text':
      return v.text;
    case 'phone':
      // Read grouped; dialled in the E.164 form the summary keeps.
      return html`<a href="tel:${v.text}">${phoneForReading(v.text)}</a>`;
    case 'email':
      return html`<a href="mailto:${v.text}">${v.text}</a>`;
    case 'date':
      return calendarDate(v.date);
    case 'dates':
      return v.dates.map(calendarDate).join(', ');
    case 'days':
      return t('field.stayDaysValue', { n: v.days });
    case 'country':
      return countryName(v.code);
    case 'countries':
      return v.codes.map(countryName).join(', ');
    case 'names':
      return v.names.join(', ');
    case 'label':
      return label(t, v.group, v.value);
    case 'labels':
      return labels(t, v.group, v.values);
    default:
      return null;
  }
}

/** A fact's label, standing alone ("Port of entry"). */
const fieldName = (path: FieldPath) => capitalized(firmLabels().field(path));

function whoIs(v: IntakeViewData, id: string | null): string {
  if (!id) return v.t('none');
  if (id === v.attorney.id) return attorneyName(v.attorney);
  // An account's name, or who acknowledged a page without signing in ("link:oncall") in words.
  return actorName(id, (x) => {
    const a = v.attorneys.get(x);
    return a ? attorneyName(a) : undefined;
  });
}

/** Summary paths in words, a line per section ("Traveler: name, citizenship"), as the text and the PDF list them. */
function pathList(title: string, paths: readonly string[], nothing?: string) {
  const groups = pathGroups(paths, firmLabels());
  if (!groups.length) return nothing === undefined ? '' : html`<h3>${title}</h3><p>${nothing}</p>`;
  return html`<h3>${title}</h3><ul>${groups.map(([group, names]) => html`<li>${names.length ? `${group}: ${names.join(', ')}` : group}</li>`)}</ul>`;
}

function flags(v: IntakeViewData) {
  const { t, summary: s } = v;
  const tr = s.triage;
  const unknown = unknownLists(s);
  return html`<section class="card" id="flags"><h2>${t('intake.flags')}</h2>
${tr.escalationReasons.length ? html`<p class="escalate">${t('intake.escalate')}: ${labels(t, 'escalation', tr.escalationReasons)}</p>` : html`<p>${t('intake.noFlags')}</p>`}
${tr.feeExemptionIndicators.length ? html`<p>${t('intake.feeExemption')}: ${labels(t, 'fee', tr.feeExemptionIndicators)}</p>` : ''}
${tr.possiblePaths.length ? html`<p>${t('intake.paths')}: ${labels(t, 'path', tr.possiblePaths)}</p>` : ''}
${pathList(t('intake.missing'), unknown.missing, t('intake.nothing'))}
${unknown.unsure.length ? pathList(t('intake.unsure'), unknown.unsure) : ''}
${
  // Cut to the length the summary keeps (src/summary/caps.ts): the whole answer is in the transcript below.
  s.truncated?.length ? pathList(t('intake.truncated'), s.truncated) : ''
}
</section>`;
}

/** The card of one section of facts (detail-rows.ts, as the text and the PDF show them). */
function factCard(v: IntakeViewData, name: FactSection, rows: DetailRow[]) {
  const { t, summary: s } = v;
  const lang = s.language;
  const title = capitalized(firmLabels().section(name));
  const id = SECTION_IDS[name] ?? name;
  if (name === 'history') return historyCard(v, title, rows);
  // A section that is one list: the list itself.
  if (rows.length === 1 && rows[0].path === name) {
    const value = rows[0].value;
    const body =
      value?.kind === 'names'
        ? value.names.length
          ? html`<ul>${value.names.map((p) => html`<li>${p}</li>`)}</ul>`
          : html`<p>${t('none')}</p>`
        : html`<p>${shown(t, value, lang) ?? t('none')}</p>`;
    return html`<section class="card" id="${id}"><h2>${title}</h2>${body}</section>`;
  }
  const list: Array<[string, SafeHtml | string | null]> = rows.filter((r) => !r.block).map((r) => [fieldName(r.path), shown(t, r.value, lang)]);
  // How the family wrote, on the contact card: not a fact of the intake, but how to answer them.
  if (name === 'contact') list.push([t('field.language'), languageName(lang)], [t('field.channel'), label(t, 'channel', s.channel)]);
  const blocks = rows.filter((r) => r.block && r.value?.kind === 'words');
  return html`<section class="card" id="${id}"><h2>${title}</h2>${dl(t, list)}
${blocks.map((r) => html`<h3>${fieldName(r.path)}</h3><p class="words" lang="${lang}">${r.value?.kind === 'words' ? r.value.text : ''}</p>`)}
</section>`;
}

function historyCard(v: IntakeViewData, title: string, rows: DetailRow[]) {
  const { t, summary: s } = v;
  const lang = s.language;
  // The screening questions answered (the unanswered are listed as missing).
  const answered = rows.filter((r) => isYesNo(r.path) && r.value !== null);
  const incidents = rows.flatMap((r) => (r.value?.kind === 'incidents' ? [r.value] : []));
  const notes = rows.flatMap((r) => (r.value?.kind === 'notes' ? r.value.notes : []));
  return html`<section class="card" id="history"><h2>${title}</h2>
${
  answered.length
    ? dl(
        t,
        answered.map((r) => [fieldName(r.path), shown(t, r.value, lang)]),
      )
    : html`<p>${t('none')}</p>`
}
${incidents.map((list) =>
  // One small block per incident: a six-column table does not fit a phone.
  list.incidents.length
    ? html`<h3>${fieldName('history.incidents')}</h3><ol class="incidents" id="incidents">${list.incidents.map(
        (cells) =>
          html`<li>${dl(
            t,
            cells.map((c, i) => [fieldName(list.columns[i]), shown(t, c, lang)]),
          )}</li>`,
      )}</ol>`
    : '',
)}
${notes.length ? html`<h3>${fieldName('history.notes')}</h3><p class="words" lang="${lang}">${notes.map((n) => (n.label ? `${n.label}: ${n.text}` : n.text)).join('\n')}</p>` : ''}
</section>`;
}

/** The ids the page's sections had before they were built from the rows (links and styles use them). */
const SECTION_IDS: Partial<Record<FactSection, string>> = { otherParties: 'parties', documentsOnHand: 'documents' };

function facts(v: IntakeViewData) {
  const { t, summary: s } = v;
  return html`
${rowsBySection(detailRows(s)).map(([name, rows]) => factCard(v, name, rows))}
${answerDetailsCard(v)}
${
  v.documents
    ? documentsCard({ t, timeZone: v.timeZone, csrfToken: v.csrfToken, intakeId: s.intakeId, language: s.language, received: v.documents })
    : html`<section class="card" id="evidence"><h2>${t('intake.evidence')}</h2>${s.evidenceChecklist.length ? html`<ul>${s.evidenceChecklist.map((e) => html`<li>${e}</li>`)}</ul>` : html`<p>${t('intake.nothing')}</p>`}</section>`
}
<section class="card" id="consent"><h2>${t('intake.consent')}</h2><p>${
    s.consent
      ? t('intake.consentGiven', {
          at: formatTime(s.consent.acceptedAt, v.timeZone),
          version: s.consent.noticeVersion,
          channel: channelName(t, s.consent.channel),
        })
      : t('intake.noConsent')
  }</p></section>`;
}

/** What the family said with an answer beyond it (the summary's answerDetails), in their words, by fact. */
function answerDetailsCard(v: IntakeViewData) {
  const { t, summary: s } = v;
  const lines = answerDetailLines(s, firmLabels());
  if (!lines.length) return '';
  return html`<section class="card" id="said"><h2>${t('intake.answerDetails')}</h2><dl>${lines.map(
    (d) => html`<dt>${d.fact}</dt><dd class="words" lang="${s.language}">${d.text}</dd>`,
  )}</dl></section>`;
}

function escalations(v: IntakeViewData) {
  const { t } = v;
  return html`<section class="card" id="escalations"><h2>${t('intake.escalations')}</h2>
${
  v.escalations.length
    ? html`<ul class="list">${v.escalations.map(
        (
          e,
        ) => html`<li class="card"><div>${t('intake.escalationLine', { at: formatTime(e.createdAt, v.timeZone), reasons: labels(t, 'escalation', e.reasons) })}</div>
<div class="meta">${e.acknowledgedAt ? t('intake.acknowledgedBy', { at: formatTime(e.acknowledgedAt, v.timeZone), who: whoIs(v, e.acknowledgedBy) }) : html`<strong class="escalate">${t('intake.notAcknowledged')}</strong> · ${pagingText(t, e)}`}</div>
${e.acknowledgedAt ? '' : html`<div class="actions">${postButton(`/escalations/${encodeURIComponent(e.id)}/ack`, v.csrfToken, t('queue.acknowledge'), { back: `/intakes/${v.summary.intakeId}` }, 'warn')}</div>`}
</li>`,
      )}</ul>`
    : html`<p>${t('intake.noEscalations')}</p>`
}
<h3>${t('intake.deliveries')}</h3>
${
  v.deliveries.length
    ? html`<ul>${v.deliveries.map(
        (d) =>
          html`<li>${t('intake.deliveryLine', { kind: label(t, 'delivery', d.kind), state: t(`intake.delivery.${d.state}`), attempts: d.attempts })}${d.doneAt ? html` · ${formatTime(d.doneAt, v.timeZone)}` : ''}${d.lastError ? html` · ${t('intake.deliveryError', { code: d.lastError })}` : ''}</li>`,
      )}</ul>`
    : html`<p>${t('intake.noDeliveries')}</p>`
}
</section>`;
}

function handlingControls(v: IntakeViewData) {
  const { t, handling: h } = v;
  const id = v.summary.intakeId;
  const action = `/intakes/${encodeURIComponent(id)}/status`;
  const form = (act: string, text: string, cls = '') =>
    postButton(action, v.csrfToken, text, { action: act, expected: h.status, claimedBy: h.claimedBy ?? '' }, cls);
  const mine = h.claimedBy === v.attorney.id;
  const other = h.claimedBy !== null && !mine && h.status !== 'closed';
  const buttons: SafeHtml[] = [];
  if (other) buttons.push(form('takeover', t('intake.action.takeover', { who: whoIs(v, h.claimedBy) }), 'secondary'));
  else {
    if (h.status === 'new') buttons.push(form('claim', t('intake.action.claim')));
    if (h.status === 'new' || h.status === 'claimed') buttons.push(form('contacted', t('intake.action.contacted'), h.status === 'new' ? 'secondary' : ''));
    // Closing is asked once more, on a page of its own (close-confirm.ts); reopening is one step.
    if (h.status !== 'closed')
      buttons.push(html`<a class="button secondary" id="close" href="/intakes/${encodeURIComponent(id)}/close">${t('intake.action.closed')}</a>`);
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

/** What the live script compares to know the transcript or a text's state changed. */
export function liveVersion(v: Pick<IntakeViewData, 'transcript' | 'talk'>): string {
  return `${v.transcript.at(-1)?.seq ?? 0}.${(v.talk?.texts ?? []).map((s) => s.state[0]).join('')}`;
}

/** The transcript section; with `talk`, it names where the live script asks for news (live-script.ts). */
export function transcript(v: Pick<IntakeViewData, 't' | 'timeZone' | 'summary' | 'transcript' | 'talk' | 'attorney' | 'attorneys'>) {
  const { t } = v;
  const live = v.talk ? html` data-live="/intakes/${encodeURIComponent(v.summary.intakeId)}/live" data-version="${liveVersion(v)}"` : '';
  return html`<section id="transcript"${live}><h2>${t('intake.transcript')}</h2>
<p class="meta">${t('intake.transcriptNote', { timeZone: timeZoneName(v.timeZone) })}</p>
${
  v.transcript.length
    ? html`<ol class="transcript">${v.transcript.map(
        (e) =>
          html`<li class="${e.direction}${e.author ? ' attorney' : ''}"><span class="who">${authorLabel(v, e)} · <time datetime="${e.at}">${formatTime(e.at, v.timeZone)}</time>${textStateOf(v, e)}</span><span class="words" lang="${e.language ?? v.summary.language}">${e.text}</span>${
            e.media.length ? html`<span class="meta"> · ${t('intake.media', { n: e.media.length })}</span>` : ''
          }</li>`,
      )}</ol>`
    : html`<p>${t('intake.transcriptGone')}</p>`
}
</section>`;
}

/** Beside the tier when no date is known: the tier comes from the reason, not a date. */
export function dateUnknownBadge(t: FirmText, s: Summary) {
  return s.triage.dateUnknown ? html` <span class="badge none date-unknown">${label(t, 'dateUnknown', 'badge')}</span>` : '';
}

export function intakePage(v: IntakeViewData) {
  const { t, summary: s, handling: h } = v;
  const body = html`
<p><a href="/intakes">${t('intake.back')}</a></p>
${v.flash ? html`<p class="${v.flash.bad ? 'flash bad' : 'flash'}" role="status" id="flash">${v.flash.text}</p>` : ''}
<h1><span id="reference">${s.reference}</span> <span class="badge ${s.triage.tier ?? 'none'}">${label(t, 'tier.badge', s.triage.tier ?? 'none')}</span>${dateUnknownBadge(t, s)} <span class="status">${label(t, 'handling', h.status)}</span></h1>
<p class="meta">${label(t, 'reason', s.request.reason ?? 'none')} · ${languageName(s.language)} · ${t('queue.intakeStatus', { status: label(t, 'intakeStatus', s.status) })} · ${t('field.received')} ${formatTime(s.createdAt, v.timeZone)}${
    s.completedAt ? html` · ${t('field.completed')} ${formatTime(s.completedAt, v.timeZone)}` : ''
  }</p>
<div class="actions"><a class="button secondary" href="/intakes/${encodeURIComponent(s.intakeId)}.pdf" download>${t('intake.pdf')}</a></div>
${handlingControls(v)}
${conversationCard({ ...v, intakeId: s.intakeId, hold: v.hold ?? null, talk: v.talk ?? null })}
${flags(v)}
${facts(v)}
${escalations(v)}
${transcript(v)}
${v.talk ? html`<noscript><p><a class="button secondary" href="/intakes/${encodeURIComponent(s.intakeId)}#transcript">${t('conversation.refresh')}</a></p></noscript><script src="${LIVE_SCRIPT_PATH}" defer></script>` : ''}`;
  return layout({ t, firmName: v.firmName, title: s.reference, attorney: v.attorney, csrfToken: v.csrfToken, banner: v.banner }, body);
}
