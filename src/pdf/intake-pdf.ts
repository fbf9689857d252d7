/**
 * The intake as a PDF an attorney would file: the firm's header and the confidentiality line, the
 * key facts, then the facts in sections (contact, traveler, the request in the family's own words,
 * other parties, history with the incidents as a table, documents), the evidence checklist with
 * tick boxes, the escalations, the consent record, what is missing, and on every page the running
 * header and "page X of Y". English wording from locales/en/pdf.json, the enum values' from
 * labels.json; the family's words as written, within bounds (bounds.ts) so that no answer, however
 * long, holds the server's event loop for more than a moment.
 */
import PDFDocument from 'pdfkit';
import type { Firm } from '../config/firm';
import { firmText, type FirmText } from '../i18n/firm-text';
import { capitalized, firmLabels } from '../i18n/labels';
import type { EscalationRecord, Handling } from '../store/handoff-store';
import { GROUNDS, type Ground, type Summary } from '../summary/contract';
import { HISTORY_NOTES } from '../summary/fields';
import { boundSummary } from './bounds';
import { chooseFonts } from './fonts';
import { channelName, countryName, formatDate, formatTime, label, labels, languageName, orDash } from './format';
import { COLORS, PageWriter, SIZES, type Column, type FontRole } from './layout';

export interface IntakePdfInput {
  summary: Summary;
  handling: Handling;
  escalations: EscalationRecord[];
  firm: Firm;
  generatedAt: Date;
  /** Who asked for it: an attorney's name or email, or "token:NAME". */
  generatedBy: string;
  /**
   * Attorneys' names by account id, for who claimed, changed or acknowledged it (the handling and
   * escalations keep ids); an id not listed is shown as it is.
   */
  attorneyNames?: Readonly<Record<string, string>>;
}

type Rows = Array<readonly [string, string, FontRole?]>;

const MARGIN = 54;

/** Renders the PDF; resolves with the whole file. */
export function renderIntakePdf(given: IntakePdfInput): Promise<Buffer> {
  const t = firmText('pdf');
  const count = (n: number) => n.toLocaleString('en-US');
  const bounded = boundSummary(given.summary, {
    truncated: (n) => t('truncated', { chars: count(n) }),
    moreItems: (n) => t('moreItems', { items: count(n) }),
  });
  const input: IntakePdfInput = { ...given, summary: bounded.summary };
  const fonts = chooseFonts(textsOf(input));
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: `${t('title')} ${input.summary.reference}`,
      Author: input.firm.name,
      Subject: t('confidential'),
      CreationDate: input.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new PageWriter(doc, fonts);
  const ctx: Ctx = { ...input, t, w, tz: input.firm.timeZone, moreIncidents: bounded.moreIncidents };

  firstPageHeader(ctx);
  keyFacts(ctx);
  triage(ctx);
  handling(ctx);
  contact(ctx);
  traveler(ctx);
  request(ctx);
  otherParties(ctx);
  history(ctx);
  documents(ctx);
  evidence(ctx);
  escalations(ctx);
  consent(ctx);
  missing(ctx);
  pageFurniture(ctx);

  doc.end();
  return done;
}

interface Ctx extends IntakePdfInput {
  t: FirmText;
  w: PageWriter;
  tz: string;
  /** Incidents beyond what the PDF shows (bounds.ts). */
  moreIncidents: number;
}

/** Every string that will be printed from the input: the fonts must cover them all. */
function textsOf(input: IntakePdfInput): string[] {
  const out: string[] = [input.firm.name, input.firm.phone, input.generatedBy];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(input.summary);
  walk(input.handling);
  walk(input.escalations);
  return out;
}

/** An attorney's name for an id the handling or an escalation keeps. */
const who = (ctx: IntakePdfInput, id: string) => ctx.attorneyNames?.[id] ?? id;

/** The family's words, marked as theirs. */
const quoted = (t: FirmText, text: string | null | undefined) => (text ? t('quoted', { text }) : t('unknown'));

// ---- header and key facts -----------------------------------------------------------------

function firstPageHeader({ w, t, firm, summary }: Ctx): void {
  const { doc } = w;
  const y = w.top - 14;
  w.use('bold', SIZES.title, COLORS.accent);
  doc.text(w.safe(firm.name), w.left, y, { width: w.width * 0.65, lineBreak: false });
  w.use('regular', SIZES.label, COLORS.muted);
  doc.text(w.safe(firm.phone), w.left + w.width * 0.65, y + 5, { width: w.width * 0.35, align: 'right', lineBreak: false });
  w.use('italic', SIZES.small, COLORS.alert);
  doc.text(w.safe(t('confidential')), w.left, y + SIZES.title + 5, { width: w.width, lineBreak: false });
  const ruleY = y + SIZES.title + 5 + SIZES.small + 5;
  doc.moveTo(w.left, ruleY).lineTo(w.left + w.width, ruleY).lineWidth(1.2).strokeColor(COLORS.accent).stroke();

  const titleY = ruleY + 10;
  w.use('bold', 13, COLORS.ink);
  doc.text(w.safe(t('title')), w.left, titleY, { width: w.width * 0.6, lineBreak: false });
  w.use('bold', 13, COLORS.accent);
  doc.text(w.safe(summary.reference), w.left + w.width * 0.4, titleY, { width: w.width * 0.6, align: 'right', lineBreak: false });
  doc.y = titleY + 22;
  doc.x = w.left;
}

function keyFacts({ w, t, summary: s, handling: h, tz }: Ctx): void {
  const { doc } = w;
  const facts: Array<[string, string]> = [
    [t('facts.reference'), s.reference],
    [t('facts.tier'), label(t, 'tier.short', s.triage.tier ?? 'none')],
    [t('facts.intakeStatus'), label(t, 'intakeStatus', s.status)],
    [t('facts.handling'), label(t, 'handling', h.status)],
    [t('facts.created'), formatTime(s.createdAt, tz, t, 'twoLines')],
    [t('facts.updated'), formatTime(s.updatedAt, tz, t, 'twoLines')],
    [t('facts.completed'), formatTime(s.completedAt, tz, t, 'twoLines')],
    [t('facts.channel'), `${label(t, 'channel', s.channel)} · ${languageName(s.language)}`],
  ];
  const cols = 4;
  const cellW = w.width / cols;
  const rowH = 2 + SIZES.small + 3 + Math.max(...facts.map(([, v]) => w.measure(v, cellW - 12, 'bold', SIZES.body))) + 6;
  const boxH = rowH * 2 + 4;
  const y0 = doc.y;
  doc.rect(w.left, y0, w.width, boxH).fillColor(COLORS.shade).fill();
  facts.forEach(([k, v], i) => {
    const x = w.left + (i % cols) * cellW + 8;
    const y = y0 + 5 + Math.floor(i / cols) * rowH;
    w.use('regular', SIZES.small, COLORS.muted);
    doc.text(w.safe(k.toUpperCase()), x, y, { width: cellW - 12, lineBreak: false, characterSpacing: 0.3 });
    w.use('bold', SIZES.body, i === 1 && s.triage.escalationReasons.length ? COLORS.alert : COLORS.ink);
    doc.text(w.safe(v), x, y + SIZES.small + 3, { width: cellW - 12 });
  });
  doc.y = y0 + boxH + 8;
  doc.x = w.left;
  if (s.triage.escalationReasons.length) {
    w.banner(t('escalatedBanner', { reasons: labels(t, 'escalation', s.triage.escalationReasons, 'inline') }), COLORS.alert, COLORS.alertShade);
  }
}

// ---- sections -----------------------------------------------------------------------------

function section(w: PageWriter, title: string, rows: Rows): void {
  w.heading(title, w.firstFieldHeight(rows));
  w.fields(rows);
}

function triage({ w, t, summary: s }: Ctx): void {
  section(w, t('sections.triage'), [
    [t('triage.tier'), label(t, 'tier.long', s.triage.tier ?? 'none'), 'bold'],
    [t('triage.escalationReasons'), labels(t, 'escalation', s.triage.escalationReasons)],
    [t('triage.possiblePaths'), labels(t, 'path', s.triage.possiblePaths)],
    [t('triage.feeExemptionIndicators'), labels(t, 'fee', s.triage.feeExemptionIndicators)],
  ]);
}

function handling(ctx: Ctx): void {
  const { w, t, handling: h, tz } = ctx;
  const rows: Rows = [[t('handling.status'), label(t, 'handling', h.status), 'bold']];
  // Only the steps taken: a new intake has one line here.
  if (h.claimedBy) rows.push([t('handling.claimedBy'), who(ctx, h.claimedBy)]);
  if (h.claimedAt) rows.push([t('handling.claimedAt'), formatTime(h.claimedAt, tz, t)]);
  if (h.contactedAt) rows.push([t('handling.contactedAt'), formatTime(h.contactedAt, tz, t)]);
  if (h.closedAt) rows.push([t('handling.closedAt'), formatTime(h.closedAt, tz, t)]);
  if (h.updatedAt) rows.push([t('handling.updated'), t('handling.updatedBy', { at: formatTime(h.updatedAt, tz, t), by: h.updatedBy ? who(ctx, h.updatedBy) : t('unknown') })]);
  section(w, t('sections.handling'), rows);
}

function contact({ w, t, summary: s }: Ctx): void {
  const c = s.contact;
  const f = (k: string) => t(`fields.contact.${k}`);
  section(w, t('sections.contact'), [
    [f('role'), label(t, 'role', c.role)],
    ...(c.role !== 'traveler' ? ([[f('relationshipToTraveler'), quoted(t, c.relationshipToTraveler)]] as Rows) : []),
    [f('name'), orDash(t, c.name), 'bold'],
    [f('phone'), orDash(t, c.phone)],
    [f('email'), orDash(t, c.email)],
    [f('bestTime'), quoted(t, c.bestTime)],
  ]);
}

function traveler({ w, t, summary: s }: Ctx): void {
  const tr = s.traveler;
  const f = (k: string) => t(`fields.traveler.${k}`);
  const minor = tr.isMinor === null ? t('unknown') : label(t, 'answer', tr.isMinor ? 'yes' : 'no');
  section(w, t('sections.traveler'), [
    [f('name'), orDash(t, tr.name), 'bold'],
    [f('citizenships'), tr.citizenships.length ? tr.citizenships.map((c) => countryName(c)).join(', ') : t('unknown')],
    [f('locationNow'), label(t, 'location', tr.locationNow)],
    [f('country'), orDash(t, countryName(tr.country))],
    [f('city'), orDash(t, tr.city)],
    [f('intendedPort'), orDash(t, tr.intendedPort)],
    [f('isMinor'), minor],
  ]);
}

function request({ w, t, summary: s }: Ctx): void {
  const r = s.request;
  const d = r.details;
  const f = (k: string) => t(`fields.request.${k}`);
  const df = (k: string) => t(`fields.request.details.${k}`);
  const rows: Rows = [
    [f('reason'), label(t, 'reason', r.reason), 'bold'],
    [f('neededBy'), formatDate(r.neededBy, t)],
    [f('stayDays'), r.stayDays === null ? t('unknown') : t(r.stayDays === 1 ? 'days_one' : 'days_other', { count: r.stayDays })],
  ];
  // Only the details the reason has, in a reading order; the family's words in quotes.
  if (d.patient) rows.push([df('patient'), label(t, 'patient', d.patient)]);
  if (d.condition) rows.push([df('condition'), quoted(t, d.condition)]);
  if (d.relation) rows.push([df('relation'), quoted(t, d.relation)]);
  if (d.prognosis) rows.push([df('prognosis'), quoted(t, d.prognosis)]);
  if (d.dateOfDeath) rows.push([df('dateOfDeath'), formatDate(d.dateOfDeath, t)]);
  if (d.provider) rows.push([df('provider'), quoted(t, d.provider)]);
  if (d.unavailableAtHome) rows.push([df('unavailableAtHome'), label(t, 'answer', d.unavailableAtHome)]);
  if (d.payer) rows.push([df('payer'), quoted(t, d.payer)]);
  if (d.court) rows.push([df('court'), quoted(t, d.court)]);
  if (d.caseNumber) rows.push([df('caseNumber'), d.caseNumber]);
  if (d.courtRole) rows.push([df('courtRole'), label(t, 'courtRole', d.courtRole)]);
  if (d.subpoena) rows.push([df('subpoena'), label(t, 'answer', d.subpoena)]);
  if (d.hearingDates?.length) rows.push([df('hearingDates'), d.hearingDates.map((x) => formatDate(x, t)).join('; ')]);
  section(w, t('sections.request'), rows);

  const note = t('ownWordsNote', { language: languageName(s.language) });
  if (r.narrative) {
    w.subheading(`${f('narrative')} — ${note}`, Math.min(w.measure(r.narrative, w.width - 14, 'italic'), 3 * SIZES.body * 1.3));
    w.paragraph(quoted(t, r.narrative), { role: 'italic', indent: 14 });
  } else {
    w.fields([[f('narrative'), t('unknown')]]);
  }
}

function otherParties({ w, t, summary: s }: Ctx): void {
  section(w, t('sections.otherParties'), [[t('fields.otherParties'), s.otherParties.length ? s.otherParties.join('; ') : t('none')]]);
}

function history(ctx: Ctx): void {
  const { w, t, summary: s } = ctx;
  const h = s.history;
  const answer = (g: (typeof GROUNDS)[number]) => label(t, 'answer', h[g] ?? 'none');
  const ground = (g: (typeof GROUNDS)[number]) => label(t, 'ground', g);
  // The nine screening answers two to a row: a short table instead of a page of rows.
  const screeningColumns: Column[] = [
    { header: t('screening.ground'), weight: 3 },
    { header: t('screening.answer'), weight: 1.3 },
    { header: t('screening.ground'), weight: 3 },
    { header: t('screening.answer'), weight: 1.3 },
  ];
  const half = Math.ceil(GROUNDS.length / 2);
  const screeningRows = GROUNDS.slice(0, half).map((g, i) => {
    const other = GROUNDS[half + i];
    return [ground(g), answer(g), other ? ground(other) : '', other ? answer(other) : ''];
  });
  w.heading(t('sections.history'), w.tableStartHeight(screeningColumns, screeningRows));
  w.table(screeningColumns, screeningRows, () => undefined);

  const columns: Column[] = [
    { header: t('incidentTable.number'), weight: 0.4 },
    { header: t('incidentTable.date'), weight: 1.2 },
    { header: t('incidentTable.place'), weight: 2 },
    { header: t('incidentTable.charge'), weight: 2.4 },
    { header: t('incidentTable.outcome'), weight: 1.3 },
    { header: t('incidentTable.sentence'), weight: 2.2 },
  ];
  const rows = h.incidents.map((i, n) => [
    String(n + 1),
    formatDate(i.date, t),
    orDash(t, i.place),
    orDash(t, i.charge),
    label(t, 'outcome', i.outcome),
    orDash(t, i.sentence),
  ]);
  if (rows.length) {
    w.subheading(t('sections.incidents'), w.tableStartHeight(columns, rows));
    w.table(columns, rows, (row) => {
      // Longer than a page: the same facts as rows that may flow on.
      w.fields(columns.map((c, i) => [c.header, row[i]] as const));
    });
  } else {
    w.subheading(t('sections.incidents'), SIZES.body * 2);
    w.paragraph(t('none'));
  }
  if (ctx.moreIncidents) w.paragraph(t('moreIncidents', { items: ctx.moreIncidents.toLocaleString('en-US') }), { role: 'italic' });

  if (h.notes) {
    const noteLabels = HISTORY_NOTES.map(([, l]) => l);
    const noteRows: Rows = h.notes.split('\n').map((line) => {
      const l = noteLabels.find((x) => line.startsWith(`${x}: `));
      return l ? ([l, quoted(t, line.slice(l.length + 2))] as const) : ([t('fields.history.notes'), quoted(t, line)] as const);
    });
    w.subheading(t('sections.historyNotes'), w.firstFieldHeight(noteRows));
    w.fields(noteRows);
  }
}

function documents({ w, t, summary: s }: Ctx): void {
  section(w, t('sections.documents'), [[t('fields.documentsOnHand'), labels(t, 'document', s.documentsOnHand)]]);
}

function evidence({ w, t, summary: s }: Ctx): void {
  const items = s.evidenceChecklist;
  w.heading(t('sections.evidence'), items.length ? w.measure(items[0], w.width - 16) + 16 : 16);
  if (!items.length) {
    w.paragraph(t('evidence.nothing'));
    return;
  }
  w.paragraph(t('evidence.note'), { size: SIZES.small, color: COLORS.muted });
  w.checklist(items);
}

function escalations(ctx: Ctx): void {
  const { w, t, escalations: list, tz } = ctx;
  if (!list.length) return;
  const columns: Column[] = [
    { header: t('escalationTable.raised'), weight: 1.6 },
    { header: t('escalationTable.level'), weight: 1.2 },
    { header: t('escalationTable.reasons'), weight: 2 },
    { header: t('escalationTable.acknowledgedBy'), weight: 1.5 },
    { header: t('escalationTable.acknowledgedAt'), weight: 1.6 },
  ];
  const rows = list.map((e) => [
    formatTime(e.createdAt, tz, t),
    label(t, 'level', e.level),
    labels(t, 'escalation', e.reasons),
    e.acknowledgedBy ? who(ctx, e.acknowledgedBy) : t('escalationTable.notAcknowledged'),
    formatTime(e.acknowledgedAt, tz, t),
  ]);
  w.heading(t('sections.escalations'), w.tableStartHeight(columns, rows));
  w.table(columns, rows, (row) => w.fields(columns.map((c, i) => [c.header, row[i]] as const)));
}

function consent({ w, t, summary: s, tz }: Ctx): void {
  const c = s.consent;
  if (!c) {
    section(w, t('sections.consent'), [[t('fields.consent'), t('consent.notGiven')]]);
    return;
  }
  section(w, t('sections.consent'), [
    [t('consent.noticeVersion'), c.noticeVersion],
    [t('consent.acceptedAt'), formatTime(c.acceptedAt, tz, t)],
    [t('consent.channel'), channelName(t, c.channel)],
  ]);
}

/**
 * Summary paths grouped by section, in words: "traveler.name", "traveler.isMinor" ->
 * ["Traveler", "Name, Minor"]; a screening question ("history.drugs") by its ground's label. A
 * path the labels do not know is shown as it is.
 */
function pathRows(t: FirmText, paths: readonly string[]): Rows {
  const groups = new Map<string, string[]>();
  const grounds = firmLabels();
  for (const path of paths) {
    const [head, rest] = path.split(/\.(.*)/s);
    const sectionKey = `sections.${head}`;
    const field = `fields.${path}`;
    const ground = head === 'history' && (GROUNDS as readonly string[]).includes(rest) ? capitalized(grounds('ground', rest as Ground)) : null;
    const known = t.has(sectionKey) && (ground !== null || (t.has(field) && typeof t(field) === 'string'));
    const group = known ? t(sectionKey) : t('fields.other');
    groups.set(group, [...(groups.get(group) ?? []), known ? (ground ?? t(field)) : path]);
  }
  return [...groups].map(([group, names]) => [group, names.join(', ')] as const);
}

function missing({ w, t, summary: s }: Ctx): void {
  const { missing: gaps, unsure } = s.triage;
  const gapRows = pathRows(t, gaps);
  const unsureRows = pathRows(t, unsure);
  if (!gapRows.length && !unsureRows.length) {
    section(w, t('sections.missing'), [[t('missing.missing'), t('missing.nothing')]]);
    return;
  }
  const first = gapRows.length ? gapRows : unsureRows;
  w.heading(t('sections.missing'), SIZES.label * 2 + w.firstFieldHeight(first));
  for (const [title, rows] of [
    [t('missing.missing'), gapRows],
    [t('missing.unsure'), unsureRows],
  ] as const) {
    if (!rows.length) continue;
    w.subheading(title, w.firstFieldHeight(rows));
    w.fields(rows);
  }
}

// ---- on every page ------------------------------------------------------------------------

/** The running header (from page 2) and the footer, drawn once the page count is known. */
function pageFurniture({ w, t, firm, summary, generatedAt, generatedBy, tz }: Ctx): void {
  const { doc } = w;
  const range = doc.bufferedPageRange();
  const generated = t('footer', { by: generatedBy, at: formatTime(generatedAt.toISOString(), tz, t) });
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Drawing inside the margins must not start a new page.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footY = doc.page.height - MARGIN + 18;
    doc.moveTo(w.left, footY - 6).lineTo(w.left + w.width, footY - 6).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    w.use('regular', SIZES.small, COLORS.muted);
    doc.text(w.safe(generated), w.left, footY, { width: w.width * 0.75, lineBreak: false });
    doc.text(w.safe(t('pageOf', { page: i - range.start + 1, pages: range.count })), w.left + w.width * 0.75, footY, {
      width: w.width * 0.25,
      align: 'right',
      lineBreak: false,
    });
    if (i > range.start) {
      const headY = MARGIN - 30;
      doc.text(w.safe(t('runningHeader', { firm: firm.name, reference: summary.reference })), w.left, headY, { width: w.width, lineBreak: false });
      doc.moveTo(w.left, headY + 12).lineTo(w.left + w.width, headY + 12).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    }
    doc.page.margins.bottom = bottomMargin;
  }
}
