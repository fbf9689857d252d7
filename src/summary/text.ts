/**
 * The summary as plain text for the attorney: English labels, short lines (read on a phone), the
 * user's own words in quotes exactly as written (in their language), "—" for what is unknown.
 */
import type { EscalationReason, FeeExemption, PossiblePath, Summary, YesNoUnsure } from './contract';
import { GROUNDS } from './contract';
import { HISTORY_NOTES } from './fields';

const NOTE_LABELS = HISTORY_NOTES.map(([, label]) => label);

const DASH = '—';

const ESCALATION_LABELS: Record<EscalationReason, string> = {
  emergency_now: 'emergency now',
  at_border: 'at border',
  detained: 'detained',
  needed_within_72h: 'needed within 72h',
  prior_removal: 'prior removal',
  unaccompanied_minor: 'unaccompanied minor',
  fear_of_return: 'fear of return',
  security_flag: 'security flag',
  open_charges: 'open charges',
  asked_for_human: 'asked for a person',
};

const PATH_LABELS: Record<PossiblePath, string> = {
  cbp_port_parole: 'CBP parole at the port',
  uscis_i131_parole: 'USCIS I-131 parole',
  i192_waiver: 'I-192 waiver',
  i212_permission: 'I-212 permission',
  ice_parole: 'ICE parole',
  consular_waiver: 'consular waiver',
};

const FEE_LABELS: Record<FeeExemption, string> = {
  medical_emergency: 'medical emergency',
  parent_of_minor_patient: 'parent of minor patient',
  organ_donor: 'organ donor',
  relative_near_death: 'relative near death',
  funeral: 'funeral',
  law_enforcement: 'law enforcement',
};

const GROUND_LABELS: Record<(typeof GROUNDS)[number], string> = {
  criminal: 'criminal',
  drugs: 'drugs',
  priorRemoval: 'prior removal',
  overstay: 'overstay',
  misrepresentation: 'misrepresentation',
  health: 'health',
  security: 'security',
  refusals: 'refusals',
  waivers: 'waivers',
};

const LOCATION_LABELS: Record<NonNullable<Summary['traveler']['locationNow']>, string> = {
  outside_us: 'outside the U.S.',
  at_border: 'at the border',
  in_us: 'in the U.S.',
  detained: 'detained',
};

/** An enum id read as words: "outside_us" -> "outside us". */
const words = (id: string | null | undefined) => (id ? id.replace(/_/g, ' ') : DASH);
const plain = (x: string | number | null | undefined) => (x === null || x === undefined || x === '' ? DASH : String(x));
/** The user's own words, as written. */
const quoted = (x: string | null | undefined) => (x ? `"${x}"` : DASH);
const yesNo = (x: boolean | null) => (x === null ? DASH : x ? 'yes' : 'no');
const listOr = (xs: readonly string[]) => (xs.length ? xs.join(', ') : DASH);
/** "Label: a, b, c" wrapped at about 48 characters, continued on indented lines. */
function wrapped(label: string, items: readonly string[], width = 48): string[] {
  const lines: string[] = [];
  let line = `${label}:`;
  items.forEach((item, i) => {
    const piece = item + (i < items.length - 1 ? ',' : '');
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

function header(s: Summary): string[] {
  const lines = [`${s.reference} · ${s.triage.tier ?? DASH} · ${words(s.request.reason)} · ${words(s.status)}`];
  if (s.triage.escalationReasons.length) {
    lines.push(...wrapped('ESCALATE', s.triage.escalationReasons.map((r) => ESCALATION_LABELS[r])));
  }
  lines.push(`${s.language} · ${s.channel} · updated ${s.updatedAt}`);
  if (s.triage.possiblePaths.length) lines.push(...wrapped('Paths', s.triage.possiblePaths.map((p) => PATH_LABELS[p])));
  if (s.triage.feeExemptionIndicators.length) {
    lines.push(...wrapped('Fee exemption', s.triage.feeExemptionIndicators.map((f) => FEE_LABELS[f])));
  }
  return lines;
}

function contact(s: Summary): string[] {
  const c = s.contact;
  const role = c.relationshipToTraveler ? `${words(c.role)} (${quoted(c.relationshipToTraveler)})` : words(c.role);
  return [
    'CONTACT',
    `Role: ${role}`,
    `Name: ${plain(c.name)}`,
    `Phone: ${plain(c.phone)}`,
    `Email: ${plain(c.email)}`,
    `Best time: ${quoted(c.bestTime)}`,
  ];
}

function traveler(s: Summary): string[] {
  const t = s.traveler;
  const where = [t.city, t.country].filter(Boolean).join(', ');
  return [
    'TRAVELER',
    `Name: ${plain(t.name)}`,
    `Citizenship: ${listOr(t.citizenships)}`,
    `Now: ${t.locationNow ? LOCATION_LABELS[t.locationNow] : DASH}${where ? ` · ${where}` : ''}`,
    `Port: ${plain(t.intendedPort)}`,
    `Minor: ${yesNo(t.isMinor)}`,
  ];
}

function request(s: Summary): string[] {
  const r = s.request;
  const d = r.details;
  const lines = [
    'REQUEST',
    `Reason: ${words(r.reason)}`,
    `Needed by: ${plain(r.neededBy)}`,
    `Stay: ${r.stayDays === null ? DASH : `${r.stayDays} days`}`,
  ];
  // Only the details the reason has; the user's words in quotes.
  if (d.patient) lines.push(`Patient: ${words(d.patient)}`);
  if (d.condition) lines.push(`Condition: ${quoted(d.condition)}`);
  if (d.relation) lines.push(`Relation: ${quoted(d.relation)}`);
  if (d.prognosis) lines.push(`Prognosis: ${quoted(d.prognosis)}`);
  if (d.dateOfDeath) lines.push(`Date of death: ${d.dateOfDeath}`);
  if (d.provider) lines.push(`Provider: ${quoted(d.provider)}`);
  if (d.unavailableAtHome) lines.push(`Not available at home: ${d.unavailableAtHome}`);
  if (d.payer) lines.push(`Payer: ${quoted(d.payer)}`);
  if (d.court) lines.push(`Court: ${quoted(d.court)}`);
  if (d.caseNumber) lines.push(`Case no.: ${d.caseNumber}`);
  if (d.courtRole) lines.push(`Court role: ${d.courtRole}`);
  if (d.subpoena) lines.push(`Subpoena: ${d.subpoena}`);
  if (d.hearingDates?.length) lines.push(`Hearing: ${d.hearingDates.join(', ')}`);
  lines.push(`Story: ${quoted(r.narrative)}`);
  return lines;
}

/** "Drugs: what they wrote" -> Drugs: "what they wrote" (our label, their words). */
function noteLine(line: string): string {
  const label = NOTE_LABELS.find((l) => line.startsWith(`${l}: `));
  return label ? `${label}: ${quoted(line.slice(label.length + 2))}` : line;
}

function history(s: Summary): string[] {
  const h = s.history;
  const byAnswer = (answer: YesNoUnsure | null) => GROUNDS.filter((g) => h[g] === answer).map((g) => GROUND_LABELS[g]);
  const lines = ['HISTORY'];
  // Grouped by answer: four short lines instead of nine.
  for (const [label, answer] of [
    ['Yes', 'yes'],
    ['Not sure', 'unsure'],
    ['No', 'no'],
    ['Not answered', null],
  ] as const) {
    const grounds = byAnswer(answer);
    if (grounds.length) lines.push(...wrapped(label, grounds));
  }
  h.incidents.forEach((i, n) => {
    lines.push(`${n + 1}. ${plain(i.date)} · ${quoted(i.place)} · ${quoted(i.charge)} · ${words(i.outcome)} · ${quoted(i.sentence)}`);
  });
  if (h.notes) lines.push(...h.notes.split('\n').map(noteLine));
  return lines;
}

export function summaryText(s: Summary): string {
  const consent = s.consent
    ? `${s.consent.acceptedAt} · notice ${s.consent.noticeVersion} · ${s.consent.channel}`
    : DASH;
  const sections: string[][] = [
    header(s),
    contact(s),
    traveler(s),
    request(s),
    ['OTHER PARTIES', listOr(s.otherParties)],
    history(s),
    ['DOCUMENTS', listOr(s.documentsOnHand.map(words))],
    ['EVIDENCE TO REQUEST', ...bullets(s.evidenceChecklist)],
    ['MISSING', ...bullets(s.triage.missing)],
    ['NOT SURE', ...bullets(s.triage.unsure)],
    ['CONSENT', consent],
  ];
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}
