/**
 * The summary as plain text for the attorney: English labels, short lines (read on a phone), the
 * user's own words in quotes exactly as written (in their language), "—" for what is unknown.
 * The facts are the rows of detail-rows.ts, worded by locales/en/labels.json, as the dashboard and
 * the PDF show them.
 */
import { capitalized, firmLabels, tierWords, type Labels } from '../i18n/labels';
import type { Summary } from './contract';
import { calendarDate, countryName, instant, languageName, phoneForReading } from '../i18n/values';
import { answerDetailLines, detailRows, isYesNo, pathGroups, rowsBySection, unknownLists, type DetailRow, type RowValue } from './detail-rows';
import type { FactSection } from './field-paths';

const DASH = '—';

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

function header(s: Summary, l: Labels, timeZone: string): string[] {
  const tier = s.triage.tier ? tierWords('badge', s.triage.tier, s.triage.dateUnknown, l) : DASH;
  const reason = s.request.reason ? l('reason', s.request.reason) : DASH;
  const lines = [`${s.reference} · ${tier} · ${reason} · ${l('intakeStatus', s.status)}`];
  if (s.triage.escalationReasons.length) {
    lines.push(
      ...wrapped(
        'ESCALATE',
        s.triage.escalationReasons.map((r) => l('escalation', r)),
      ),
    );
  }
  lines.push(`${languageName(s.language)} · ${l('channel', s.channel)} · updated ${instant(s.updatedAt, timeZone)}`);
  if (s.triage.possiblePaths.length)
    lines.push(
      ...wrapped(
        'Paths',
        s.triage.possiblePaths.map((p) => l('path', p)),
      ),
    );
  if (s.triage.feeExemptionIndicators.length) {
    lines.push(
      ...wrapped(
        'Fee exemption',
        s.triage.feeExemptionIndicators.map((f) => l('fee', f)),
      ),
    );
  }
  return lines;
}

/** A value in a line of text: the family's words in quotes, the rest as it is or in words. */
function valueText(v: RowValue | null, l: Labels): string {
  if (v === null) return DASH;
  switch (v.kind) {
    case 'words':
      return quoted(v.text);
    case 'text':
    case 'email':
      return v.text;
    case 'phone':
      return phoneForReading(v.text);
    case 'date':
      return calendarDate(v.date);
    case 'dates':
      return listOr(v.dates.map(calendarDate));
    case 'days':
      return `${v.days} days`;
    case 'country':
      return countryName(v.code);
    case 'countries':
      return listOr(v.codes.map(countryName));
    case 'names':
      return listOr(v.names);
    case 'label':
      return l(v.group, v.value as never);
    case 'labels':
      return listOr(v.values.map((x) => l(v.group, x as never)));
    default:
      return DASH;
  }
}

/** The history: the yes / no answers grouped by answer (four short lines instead of nine), the incidents, the notes. */
function history(rows: DetailRow[], l: Labels): string[] {
  const lines: string[] = [];
  const answers = rows.filter((r) => isYesNo(r.path));
  for (const answer of ['yes', 'unsure', 'no', null] as const) {
    const facts = answers.filter((r) => (r.value && r.value.kind === 'label' ? r.value.value : null) === answer).map((r) => l.field(r.path));
    if (facts.length) lines.push(...wrapped(capitalized(l('answer', answer ?? 'none')), facts, ';'));
  }
  for (const { value } of rows) {
    if (value?.kind === 'incidents') {
      value.incidents.forEach((cells, n) => {
        lines.push(`${n + 1}. ${cells.map((c) => (c === null ? DASH : valueText(c, l))).join(' · ')}`);
      });
    }
    // "Drugs: what they wrote" -> Drugs: "what they wrote" (our label, their words).
    if (value?.kind === 'notes') lines.push(...value.notes.map((n) => (n.label ? `${n.label}: ${quoted(n.text)}` : n.text)));
  }
  return lines;
}

/** One section of facts: its rows as "Label: value", or the value alone where the section is one fact. */
function section(name: FactSection, rows: DetailRow[], l: Labels): string[] {
  const title = l.section(name).toUpperCase();
  if (name === 'history') return [title, ...history(rows, l)];
  if (rows.length === 1 && rows[0].path === name) return [title, valueText(rows[0].value, l)];
  return [title, ...rows.map((r) => `${capitalized(l.field(r.path))}: ${valueText(r.value, l)}`)];
}

/** Summary paths in words, by section: "- Traveler: name; citizenship" (some labels hold a comma). */
function paths(list: readonly string[], l: Labels): string[] {
  const groups = pathGroups(list, l);
  return groups.length ? groups.flatMap(([group, names]) => (names.length ? wrapped(`- ${group}`, names, ';') : [`- ${group}`])) : [DASH];
}

/**
 * The summary, its facts and enum values in the words of `labels` (locales/en/labels.json unless
 * given), its times in `timeZone` (the firm's).
 */
export function summaryText(s: Summary, labels: Labels = firmLabels(), timeZone = 'UTC'): string {
  const channel = (c: string) => (labels.has('channel', c) ? labels('channel', c as Summary['channel']) : c);
  const consent = s.consent ? `${instant(s.consent.acceptedAt, timeZone)} · notice ${s.consent.noticeVersion} · ${channel(s.consent.channel)}` : DASH;
  const sections: string[][] = [
    header(s, labels, timeZone),
    ...rowsBySection(detailRows(s)).map(([name, rows]) => section(name, rows, labels)),
    // What the family said with an answer beyond it, in their words, under the fact it goes with.
    ...(answerDetailLines(s, labels).length ? [['SAID WITH THE ANSWERS', ...answerDetailLines(s, labels).map((d) => `- ${d.fact}: ${quoted(d.text)}`)]] : []),
    ['EVIDENCE TO REQUEST', ...bullets(s.evidenceChecklist)],
    ['MISSING', ...paths(unknownLists(s).missing, labels)],
    ['NOT SURE', ...paths(unknownLists(s).unsure, labels)],
    // Answers longer than the summary keeps end with "…": the attorney reads them whole in the transcript.
    ...(s.truncated?.length ? [['SHORTENED, WHOLE IN THE TRANSCRIPT', ...paths(s.truncated, labels)]] : []),
    ['CONSENT', consent],
  ];
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}
