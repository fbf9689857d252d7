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
import { actorName } from '../i18n/actor';
import { firmText, type FirmText } from '../i18n/firm-text';
import { capitalized, firmLabels, tierWords } from '../i18n/labels';
import type { EscalationRecord, Handling } from '../store/handoff-store';
import type { Summary, YesNoUnsure } from '../summary/contract';
import { answerDetailLines, detailRows, isYesNo, pathGroups, rowsBySection, unknownLists, type DetailRow, type RowValue } from '../summary/detail-rows';
import type { FactSection, FieldPath } from '../summary/field-paths';
import type { DocumentInfo } from '../documents/contract';
import type { ReceivedDocuments } from '../summary/received-documents';
import { boundSummary } from './bounds';
import { chooseFonts } from './fonts';
import { installFontRuns } from './font-runs';
import { channelName, countryName, formatDate, formatTime, label, labels, languageName, phoneForReading } from './format';
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
  /** The documents received, by checklist item (src/summary/received-documents.ts); absent: the section is left out. */
  documents?: ReceivedDocuments;
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
  installFontRuns(doc, fonts);
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
  facts(ctx);
  answerDetails(ctx);
  evidence(ctx);
  documentsReceived(ctx);
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
  walk(input.documents);
  return out;
}

/** An attorney's name for an id the handling or an escalation keeps, or who acknowledged a page without signing in. */
const who = (ctx: IntakePdfInput, id: string) => actorName(id, (x) => ctx.attorneyNames?.[x]);

/** The family's words, marked as theirs. */
const quoted = (t: FirmText, text: string | null | undefined) => (text ? t('quoted', { text }) : t('unknown'));

// ---- header and key facts -----------------------------------------------------------------

function firstPageHeader({ w, t, firm, summary }: Ctx): void {
  const { doc } = w;
  const y = w.top - 14;
  w.use('bold', SIZES.title, COLORS.accent);
  doc.text(w.safe(firm.name), w.left, y, { width: w.width * 0.65, lineBreak: false });
  w.use('regular', SIZES.label, COLORS.muted);
  doc.text(w.safe(phoneForReading(firm.phone)), w.left + w.width * 0.65, y + 5, { width: w.width * 0.35, align: 'right', lineBreak: false });
  w.use('italic', SIZES.small, COLORS.alert);
  doc.text(w.safe(t('confidential')), w.left, y + SIZES.title + 5, { width: w.width, lineBreak: false });
  const ruleY = y + SIZES.title + 5 + SIZES.small + 5;
  doc
    .moveTo(w.left, ruleY)
    .lineTo(w.left + w.width, ruleY)
    .lineWidth(1.2)
    .strokeColor(COLORS.accent)
    .stroke();

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
    [t('facts.tier'), capitalized(tierWords('short', s.triage.tier, s.triage.dateUnknown))],
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
    [t('triage.tier'), capitalized(tierWords('long', s.triage.tier, s.triage.dateUnknown)), 'bold'],
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
  if (h.updatedAt)
    rows.push([t('handling.updated'), t('handling.updatedBy', { at: formatTime(h.updatedAt, tz, t), by: h.updatedBy ? who(ctx, h.updatedBy) : t('unknown') })]);
  section(w, t('sections.handling'), rows);
}

/**
 * A value as the PDF prints it: the family's words in quotes (as they are in a table, where the
 * column says whose they are), dates and countries in words, enum values in labels.json's words.
 */
function cell(t: FirmText, v: RowValue | null, o: { quote: boolean } = { quote: true }): string {
  if (v === null) return t('unknown');
  switch (v.kind) {
    case 'words':
      return o.quote ? quoted(t, v.text) : v.text;
    case 'text':
    case 'email':
      return v.text;
    case 'phone':
      return phoneForReading(v.text);
    case 'date':
      return formatDate(v.date, t);
    case 'dates':
      return v.dates.map((x) => formatDate(x, t)).join('; ');
    case 'days':
      return t(v.days === 1 ? 'days_one' : 'days_other', { count: v.days });
    case 'country':
      return countryName(v.code);
    case 'countries':
      return v.codes.map(countryName).join(', ');
    case 'names':
      return v.names.length ? v.names.join('; ') : t('none');
    case 'label':
      return label(t, v.group, v.value as never);
    case 'labels':
      return labels(t, v.group, v.values as never[]);
    default:
      return t('unknown');
  }
}

/** A fact's label as a row's heading ("Port of entry"). */
const fieldName = (path: FieldPath) => capitalized(firmLabels().field(path));
/** The facts that lead their section, in bold. */
const BOLD = new Set<FieldPath>(['contact.name', 'traveler.name', 'request.reason']);

/** A section's heading: the PDF's own where it has one ("The request"), else the section's label. */
const sectionTitle = (t: FirmText, name: FactSection) => (t.has(`sections.${name}`) ? t(`sections.${name}`) : capitalized(firmLabels().section(name)));

/** The facts, section by section, from the rows the text and the dashboard show too (detail-rows.ts). */
function facts(ctx: Ctx): void {
  for (const [name, rows] of rowsBySection(detailRows(ctx.summary))) {
    if (name === 'history') history(ctx, rows);
    else factSection(ctx, name, rows);
  }
}

function factSection({ w, t, summary: s }: Ctx, name: FactSection, rows: DetailRow[]): void {
  section(
    w,
    sectionTitle(t, name),
    rows.filter((r) => !r.block).map((r) => [fieldName(r.path), cell(t, r.value), BOLD.has(r.path) ? 'bold' : undefined] as const),
  );
  // A long text of the family's own (the story) under a heading of its own.
  for (const r of rows.filter((x) => x.block)) {
    const text = r.value?.kind === 'words' ? r.value.text : null;
    if (text) {
      const note = t('ownWordsNote', { language: languageName(s.language) });
      w.subheading(`${fieldName(r.path)} — ${note}`, Math.min(w.measure(text, w.width - 14, 'italic'), 3 * SIZES.body * 1.3));
      w.paragraph(quoted(t, text), { role: 'italic', indent: 14 });
    } else {
      w.fields([[fieldName(r.path), t('unknown')]]);
    }
  }
}

function history(ctx: Ctx, rows: DetailRow[]): void {
  const { w, t } = ctx;
  const answer = (r: DetailRow) => label(t, 'answer', r.value?.kind === 'label' ? (r.value.value as YesNoUnsure) : 'none');
  // The screening answers two to a row: a short table instead of a page of rows.
  const screening = rows.filter((r) => isYesNo(r.path));
  const screeningColumns: Column[] = [
    { header: t('screening.ground'), weight: 3 },
    { header: t('screening.answer'), weight: 1.3 },
    { header: t('screening.ground'), weight: 3 },
    { header: t('screening.answer'), weight: 1.3 },
  ];
  const half = Math.ceil(screening.length / 2);
  const screeningRows = screening.slice(0, half).map((r, i) => {
    const other = screening[half + i];
    return [fieldName(r.path), answer(r), other ? fieldName(other.path) : '', other ? answer(other) : ''];
  });
  w.heading(sectionTitle(t, 'history'), w.tableStartHeight(screeningColumns, screeningRows));
  w.table(screeningColumns, screeningRows, () => undefined);

  for (const { value } of rows) {
    if (value?.kind === 'incidents') incidentTable(ctx, value);
    if (value?.kind === 'notes') {
      const noteRows: Rows = value.notes.map((n) => [n.label ?? fieldName('history.notes'), quoted(t, n.text)] as const);
      w.subheading(t('sections.historyNotes'), w.firstFieldHeight(noteRows));
      w.fields(noteRows);
    }
  }
}

function incidentTable(ctx: Ctx, value: Extract<RowValue, { kind: 'incidents' }>): void {
  const { w, t } = ctx;
  const WEIGHTS: Partial<Record<FieldPath, number>> = {
    'history.incidents[].date': 1.2,
    'history.incidents[].place': 2,
    'history.incidents[].charge': 2.4,
    'history.incidents[].outcome': 1.3,
    'history.incidents[].sentence': 2.2,
  };
  const columns: Column[] = [
    { header: t('incidentTable.number'), weight: 0.4 },
    ...value.columns.map((path) => ({ header: fieldName(path), weight: WEIGHTS[path] ?? 1.5 })),
  ];
  const rows = value.incidents.map((cells, n) => [String(n + 1), ...cells.map((c) => cell(t, c, { quote: false }))]);
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
}

/** What the family said with an answer beyond it (the summary's answerDetails), in their words, by fact. */
function answerDetails({ w, t, summary: s }: Ctx): void {
  const lines = answerDetailLines(s, firmLabels());
  if (lines.length)
    section(
      w,
      t('sections.answerDetails'),
      lines.map((d) => [d.fact, quoted(t, d.text)] as const),
    );
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

/**
 * Per checklist item, what was received (how many files, their kinds and when) or that it is
 * missing; then the files sent as "other" with the family's description. Never a file's name or
 * content: what the firm files names the evidence, the files themselves are on the dashboard.
 */
function documentsReceived({ w, t, documents, tz }: Ctx): void {
  if (!documents) return;
  const l = firmLabels();
  const files = (list: readonly DocumentInfo[]) =>
    list.map((d) => t('documents.file', { kind: l('documentKind', d.kind), at: formatTime(d.receivedAt, tz, t) })).join('\n');
  const rows: Rows = documents.items.map((i) =>
    i.files.length
      ? ([i.name, `${t('documents.received', { count: i.files.length })}\n${files(i.files)}`] as const)
      : ([i.name, t('documents.missing'), 'bold'] as const),
  );
  for (const d of documents.other) rows.push([t('documents.other'), `${quoted(t, d.description ?? '')}\n${files([d])}`]);
  if (!rows.length) rows.push([t('documents.none'), t('documents.nothing')]);
  section(w, t('sections.documents'), rows);
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
    // Nobody configured at its level: never shown as paged.
    e.nobodyPaged ? t('escalationTable.nobodyPaged') : label(t, 'level', e.level),
    labels(t, 'escalation', e.reasons),
    e.acknowledgedBy ? capitalized(who(ctx, e.acknowledgedBy)) : t('escalationTable.notAcknowledged'),
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
 * ["Traveler", "Name, Minor"], as the text and the dashboard list them (detail-rows.ts pathGroups).
 */
function pathRows(paths: readonly string[]): Rows {
  return pathGroups(paths, firmLabels()).map(([group, names]) => [group, names.length ? names.map(capitalized).join(', ') : group] as const);
}

function missing({ w, t, summary: s }: Ctx): void {
  const unknown = unknownLists(s);
  const lists = [
    [t('missing.missing'), pathRows(unknown.missing)],
    [t('missing.unsure'), pathRows(unknown.unsure)],
    // Cut to the length the summary keeps (src/summary/caps.ts): the whole answer is in the transcript.
    [t('missing.truncated'), pathRows(s.truncated ?? [])],
  ] as const;
  const shown = lists.filter(([, rows]) => rows.length);
  if (!shown.length) {
    section(w, t('sections.missing'), [[t('missing.missing'), t('missing.nothing')]]);
    return;
  }
  w.heading(t('sections.missing'), SIZES.label * 2 + w.firstFieldHeight(shown[0][1]));
  for (const [title, rows] of shown) {
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
    doc
      .moveTo(w.left, footY - 6)
      .lineTo(w.left + w.width, footY - 6)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke();
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
      doc
        .moveTo(w.left, headY + 12)
        .lineTo(w.left + w.width, headY + 12)
        .lineWidth(0.5)
        .strokeColor(COLORS.rule)
        .stroke();
    }
    doc.page.margins.bottom = bottomMargin;
  }
}
