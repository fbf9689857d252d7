/**
 * A small page-layout layer over pdfkit for a filing document: section headings that are never
 * left alone at the foot of a page, label/value rows, wrapped paragraphs that flow onto the next
 * page, tables whose rows are never split and whose header is repeated on a new page, and tick
 * boxes. Everything is measured before it is drawn, so nothing is clipped or overlaps.
 */
import type PDFDocument from 'pdfkit';
import { winAnsiSafe, type FontSet } from './fonts';

type Doc = InstanceType<typeof PDFDocument>;

export const COLORS = {
  ink: '#1a1a1a',
  muted: '#5b6470',
  accent: '#1f3a5f',
  rule: '#b8c0cc',
  shade: '#eef1f5',
  alert: '#9b1c1c',
  alertShade: '#fdecec',
};

export const SIZES = { body: 9.5, small: 8, label: 8.5, heading: 11, title: 15 };

const LINE_GAP = 1.5;
/** Room a heading needs for itself: its text, the rule under it and the space after. */
const HEADING_BLOCK = 24;

export interface Column {
  header: string;
  /** A share of the table's width. */
  weight: number;
}

export type FontRole = 'regular' | 'bold' | 'italic';

export class PageWriter {
  readonly labelWidth = 150;

  constructor(
    readonly doc: Doc,
    private readonly fonts: FontSet,
  ) {}

  // ---- geometry -----------------------------------------------------------------------------

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get top(): number {
    return this.doc.page.margins.top;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  /** The height a page has for content. */
  get pageRoom(): number {
    return this.bottom - this.top;
  }

  /** Text the current fonts can show (the standard fonts cannot show every script). */
  safe(text: string): string {
    return this.fonts.standard ? winAnsiSafe(text) : text.normalize('NFC');
  }

  use(role: FontRole, size: number, color = COLORS.ink): this {
    this.doc.font(this.fonts[role]).fontSize(size).fillColor(color);
    return this;
  }

  measure(text: string, width: number, role: FontRole = 'regular', size = SIZES.body): number {
    this.use(role, size);
    return this.doc.heightOfString(this.safe(text), { width, lineGap: LINE_GAP });
  }

  /** Starts a new page unless `height` fits below the current position. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.top;
  }

  space(points: number): void {
    // Space at the top of a page is wasted; at the bottom it would push the next page.
    if (this.doc.y > this.top) this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  // ---- blocks -----------------------------------------------------------------------------------

  /**
   * A section heading, kept with at least `following` points of what comes under it (the caller
   * passes the height of the first row, so a heading never ends a page on its own).
   */
  heading(title: string, following: number): void {
    this.space(6);
    this.ensure(HEADING_BLOCK + Math.min(following, this.pageRoom - HEADING_BLOCK));
    const y = this.doc.y;
    this.use('bold', SIZES.heading, COLORS.accent);
    this.doc.text(this.safe(title.toUpperCase()), this.left, y, { width: this.width, characterSpacing: 0.4, lineBreak: false });
    const ruleY = y + SIZES.heading + 3;
    this.doc
      .moveTo(this.left, ruleY)
      .lineTo(this.left + this.width, ruleY)
      .lineWidth(0.75)
      .strokeColor(COLORS.accent)
      .stroke();
    this.doc.y = ruleY + 6;
  }

  /** A smaller heading inside a section (a table's title). */
  subheading(title: string, following: number): void {
    this.space(4);
    const h = this.measure(title, this.width, 'bold', SIZES.label) + 3;
    this.ensure(h + Math.min(following, this.pageRoom - h));
    this.use('bold', SIZES.label, COLORS.muted);
    this.doc.text(this.safe(title), this.left, this.doc.y, { width: this.width, lineGap: LINE_GAP });
    this.doc.y += 3;
  }

  /** The height `fields` needs for its first row: what to keep a heading with. */
  firstFieldHeight(rows: ReadonlyArray<readonly [string, string, FontRole?]>): number {
    const first = rows[0];
    return first ? this.fieldHeight(first[0], first[1], first[2]) : 0;
  }

  private fieldHeight(labelText: string, value: string, role: FontRole = 'regular'): number {
    const valueWidth = this.width - this.labelWidth;
    return Math.max(this.measure(labelText, this.labelWidth - 8, 'regular', SIZES.label), this.measure(value, valueWidth, role)) + 2;
  }

  /** Label/value rows: the label in a narrow muted column, the value wrapped beside it. */
  fields(rows: ReadonlyArray<readonly [string, string, FontRole?]>): void {
    const valueX = this.left + this.labelWidth;
    const valueWidth = this.width - this.labelWidth;
    for (const [labelText, value, role = 'regular'] of rows) {
      const h = this.fieldHeight(labelText, value, role);
      if (h <= this.pageRoom) this.ensure(h);
      else this.ensure(3 * SIZES.body * 1.4); // longer than a page: it flows on (pdfkit continues it)
      const y = this.doc.y;
      this.use('regular', SIZES.label, COLORS.muted);
      this.doc.text(this.safe(labelText), this.left, y + 0.8, { width: this.labelWidth - 8, lineGap: LINE_GAP });
      this.use(role, SIZES.body);
      this.doc.text(this.safe(value), valueX, y, { width: valueWidth, lineGap: LINE_GAP });
      // After a value that flowed onto a new page, doc.y is already right; otherwise take the taller column.
      this.doc.y = h <= this.pageRoom ? y + h : this.doc.y + 2;
      this.doc.x = this.left;
    }
  }

  /**
   * A paragraph across the full width (or indented), flowing onto the following pages when long.
   * At least two lines stay together at the foot of a page.
   */
  paragraph(text: string, o: { role?: FontRole; size?: number; indent?: number; color?: string } = {}): void {
    const size = o.size ?? SIZES.body;
    const indent = o.indent ?? 0;
    const width = this.width - indent;
    const h = this.measure(text, width, o.role ?? 'regular', size);
    this.ensure(Math.min(h, 2 * size * 1.3 + LINE_GAP));
    this.use(o.role ?? 'regular', size, o.color ?? COLORS.ink);
    this.doc.text(this.safe(text), this.left + indent, this.doc.y, { width, lineGap: LINE_GAP });
    this.doc.x = this.left;
    this.doc.y += 2;
  }

  /** The height of a table's header and first row: what to keep its heading with. */
  tableStartHeight(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): number {
    const widths = this.columnWidths(columns);
    return (
      this.rowHeight(
        columns.map((c) => c.header),
        widths,
        'bold',
      ) + (rows[0] ? this.rowHeight(rows[0], widths, 'regular') : 0)
    );
  }

  private columnWidths(columns: readonly Column[]): number[] {
    const total = columns.reduce((n, c) => n + c.weight, 0);
    return columns.map((c) => (this.width * c.weight) / total);
  }

  private rowHeight(cells: readonly string[], widths: readonly number[], role: FontRole, size = SIZES.body): number {
    return Math.max(...cells.map((cell, i) => this.measure(cell, widths[i] - 8, role, size))) + 7;
  }

  /**
   * A table with a shaded header row, repeated at the top of each new page. A row is never split
   * across pages; a row taller than a whole page (a very long answer) is handed to `tooTall`, which
   * lays it out another way, so nothing is clipped.
   */
  table(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, tooTall: (row: readonly string[], index: number) => void): void {
    const widths = this.columnWidths(columns);
    const headers = columns.map((c) => c.header);
    const headerHeight = this.rowHeight(headers, widths, 'bold', SIZES.label);
    const drawHeader = () => {
      const y = this.doc.y;
      this.doc.rect(this.left, y, this.width, headerHeight).fillColor(COLORS.shade).fill();
      this.drawCells(headers, widths, y, 'bold', SIZES.label, COLORS.accent);
      this.doc.y = y + headerHeight;
    };
    this.ensure(headerHeight + (rows[0] ? Math.min(this.rowHeight(rows[0], widths, 'regular'), this.pageRoom - headerHeight) : 0));
    drawHeader();
    rows.forEach((row, index) => {
      const h = this.rowHeight(row, widths, 'regular');
      if (h + headerHeight > this.pageRoom) {
        tooTall(row, index);
        return;
      }
      if (this.doc.y + h > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const y = this.doc.y;
      this.drawCells(row, widths, y, 'regular', SIZES.body, COLORS.ink);
      this.doc
        .moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(0.5)
        .strokeColor(COLORS.rule)
        .stroke();
      this.doc.y = y + h;
    });
    this.doc.x = this.left;
    this.doc.y += 4;
  }

  private drawCells(cells: readonly string[], widths: readonly number[], y: number, role: FontRole, size: number, color: string): void {
    let x = this.left;
    cells.forEach((cell, i) => {
      this.use(role, size, color);
      this.doc.text(this.safe(cell), x + 4, y + 3.5, { width: widths[i] - 8, lineGap: LINE_GAP });
      x += widths[i];
    });
  }

  /** Items with an empty tick box each, for the attorney to tick by hand. */
  checklist(items: readonly string[]): void {
    const box = 8;
    const indent = box + 8;
    for (const item of items) {
      const h = this.measure(item, this.width - indent) + 4;
      this.ensure(h);
      const y = this.doc.y;
      this.doc
        .rect(this.left + 1, y + 1.2, box, box)
        .lineWidth(0.8)
        .strokeColor(COLORS.ink)
        .stroke();
      this.use('regular', SIZES.body);
      this.doc.text(this.safe(item), this.left + indent, y, { width: this.width - indent, lineGap: LINE_GAP });
      this.doc.y = y + h;
      this.doc.x = this.left;
    }
  }

  /** A shaded box with a line of text in it (the escalation banner). */
  banner(text: string, color: string, shade: string): void {
    const h = this.measure(text, this.width - 16, 'bold', SIZES.body) + 10;
    this.ensure(h);
    const y = this.doc.y;
    this.doc.rect(this.left, y, this.width, h).fillColor(shade).fill();
    this.doc.rect(this.left, y, 3, h).fillColor(color).fill();
    this.use('bold', SIZES.body, color);
    this.doc.text(this.safe(text), this.left + 10, y + 5, { width: this.width - 16, lineGap: LINE_GAP });
    this.doc.y = y + h + 4;
    this.doc.x = this.left;
  }
}
