/**
 * The summary as plain text for the attorney: English labels, short lines (read on a phone), the
 * user's own words in quotes exactly as written (in their language), "—" for what is unknown.
 */
import { capitalized, firmLabels, type Labels } from '../i18n/labels';
import type { Summary, YesNoUnsure } from './contract';
import { GROUNDS } from './contract';
import { HISTORY_NOTES } from './fields';

const NOTE_LABELS = HISTORY_NOTES.map(([, label]) => label);

const DASH = '—';

const plain = (x: string | number | null | undefined) => (x === null || x === undefined || x === '' ? DASH : String(x));
/** The user's own words, as written. */
const quoted = (x: string | null | undefined) => (x ? `"${x}"` : DASH);
const listOr = (xs: readonly string[]) => (xs.length ? xs.join(', ') : DASH);
/**
 * "Label: a, b, c" wrapped at about 48 characters, continued on indented lines; `separator` is
 * ";" for items that hold a comma themselves ("arrests, charges or convictions").
 */
function wrapped(label: string, items: readonly string[], separator = ',', width = 48): string[] {
  const lines: string[] = [];
  let line = `${label}:`;
  items.forEach((item, i) => {
    const piece = item + (i < items.length - 1 ? separator : '');
    if (line.length + 1 + piece.length > width && line.trim() !== `${label}:`) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${piece}`;
  });
  lines.push(line);
  return lines;
}
const bullets = (xs: readonly string[]) => (xs.length ? xs.map((x) => `- ${x}`) : [DASH]);

function header(s: Summary, l: Labels): string[] {
  const tier = s.triage.tier ? l('tier.badge', s.triage.tier) : DASH;
  const reason = s.request.reason ? l('reason', s.request.reason) : DASH;
  const lines = [`${s.reference} · ${tier} · ${reason} · ${l('intakeStatus', s.status)}`];
  if (s.triage.escalationReasons.length) {
    lines.push(...wrapped('ESCALATE', s.triage.escalationReasons.map((r) => l('escalation', r))));
  }
  lines.push(`${s.language} · ${l('channel', s.channel)} · updated ${s.updatedAt}`);
  if (s.triage.possiblePaths.length) lines.push(...wrapped('Paths', s.triage.possiblePaths.map((p) => l('path', p))));
  if (s.triage.feeExemptionIndicators.length) {
    lines.push(...wrapped('Fee exemption', s.triage.feeExemptionIndicators.map((f) => l('fee', f))));
  }
  return lines;
}

function contact(s: Summary, l: Labels): string[] {
  const c = s.contact;
  const roleWords = c.role ? l('role', c.role) : DASH;
  const role = c.relationshipToTraveler ? `${roleWords} (${quoted(c.relationshipToTraveler)})` : roleWords;
  return [
    'CONTACT',
    `Role: ${role}`,
    `Name: ${plain(c.name)}`,
    `Phone: ${plain(c.phone)}`,
    `Email: ${plain(c.email)}`,
    `Best time: ${quoted(c.bestTime)}`,
  ];
}

function traveler(s: Summary, l: Labels): string[] {
  const t = s.traveler;
  const where = [t.city, t.country].filter(Boolean).join(', ');
  return [
    'TRAVELER',
    `Name: ${plain(t.name)}`,
    `Citizenship: ${listOr(t.citizenships)}`,
    `Now: ${t.locationNow ? l('location', t.locationNow) : DASH}${where ? ` · ${where}` : ''}`,
    `Port: ${plain(t.intendedPort)}`,
    `Minor: ${t.isMinor === null ? DASH : l('answer', t.isMinor ? 'yes' : 'no')}`,
  ];
}

function request(s: Summary, l: Labels): string[] {
  const r = s.request;
  const d = r.details;
  const lines = [
    'REQUEST',
    `Reason: ${r.reason ? l('reason', r.reason) : DASH}`,
    `Needed by: ${plain(r.neededBy)}`,
    `Stay: ${r.stayDays === null ? DASH : `${r.stayDays} days`}`,
  ];
  // Only the details the reason has; the user's words in quotes.
  if (d.patient) lines.push(`Patient: ${l('patient', d.patient)}`);
  if (d.condition) lines.push(`Condition: ${quoted(d.condition)}`);
  if (d.relation) lines.push(`Relation: ${quoted(d.relation)}`);
  if (d.prognosis) lines.push(`Prognosis: ${quoted(d.prognosis)}`);
  if (d.dateOfDeath) lines.push(`Date of death: ${d.dateOfDeath}`);
  if (d.provider) lines.push(`Provider: ${quoted(d.provider)}`);
  if (d.unavailableAtHome) lines.push(`Not available at home: ${l('answer', d.unavailableAtHome)}`);
  if (d.payer) lines.push(`Payer: ${quoted(d.payer)}`);
  if (d.court) lines.push(`Court: ${quoted(d.court)}`);
  if (d.caseNumber) lines.push(`Case no.: ${d.caseNumber}`);
  if (d.courtRole) lines.push(`Court role: ${l('courtRole', d.courtRole)}`);
  if (d.subpoena) lines.push(`Subpoena: ${l('answer', d.subpoena)}`);
  if (d.hearingDates?.length) lines.push(`Hearing: ${d.hearingDates.join(', ')}`);
  lines.push(`Story: ${quoted(r.narrative)}`);
  return lines;
}

/** "Drugs: what they wrote" -> Drugs: "what they wrote" (our label, their words). */
function noteLine(line: string): string {
  const label = NOTE_LABELS.find((l) => line.startsWith(`${l}: `));
  return label ? `${label}: ${quoted(line.slice(label.length + 2))}` : line;
}

function history(s: Summary, l: Labels): string[] {
  const h = s.history;
  const byAnswer = (answer: YesNoUnsure | null) => GROUNDS.filter((g) => h[g] === answer).map((g) => l('ground', g));
  const lines = ['HISTORY'];
  // Grouped by answer (yes, not sure, no, not answered): four short lines instead of nine.
  for (const answer of ['yes', 'unsure', 'no', null] as const) {
    const grounds = byAnswer(answer);
    if (grounds.length) lines.push(...wrapped(capitalized(l('answer', answer ?? 'none')), grounds, ';'));
  }
  h.incidents.forEach((i, n) => {
    const outcome = i.outcome ? l('outcome', i.outcome) : DASH;
    lines.push(`${n + 1}. ${plain(i.date)} · ${quoted(i.place)} · ${quoted(i.charge)} · ${outcome} · ${quoted(i.sentence)}`);
  });
  if (h.notes) lines.push(...h.notes.split('\n').map(noteLine));
  return lines;
}

/** The enum values in the words of `labels` (locales/en/labels.json unless given). */
export function summaryText(s: Summary, labels: Labels = firmLabels()): string {
  const channel = (c: string) => (labels.has('channel', c) ? labels('channel', c as Summary['channel']) : c);
  const consent = s.consent
    ? `${s.consent.acceptedAt} · notice ${s.consent.noticeVersion} · ${channel(s.consent.channel)}`
    : DASH;
  const sections: string[][] = [
    header(s, labels),
    contact(s, labels),
    traveler(s, labels),
    request(s, labels),
    ['OTHER PARTIES', listOr(s.otherParties)],
    history(s, labels),
    ['DOCUMENTS', listOr(s.documentsOnHand.map((d) => labels('document', d)))],
    ['EVIDENCE TO REQUEST', ...bullets(s.evidenceChecklist)],
    ['MISSING', ...bullets(s.triage.missing)],
    ['NOT SURE', ...bullets(s.triage.unsure)],
    // Answers longer than the summary keeps end with "…": the attorney reads them whole in the transcript.
    ...(s.truncated?.length ? [['SHORTENED, WHOLE IN THE TRANSCRIPT', ...bullets(s.truncated)]] : []),
    ['CONSENT', consent],
  ];
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}
