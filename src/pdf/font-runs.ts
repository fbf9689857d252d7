/**
 * Text in several scripts in one line: no single font file has Latin, Cyrillic, Arabic and
 * Devanagari (the npm fonts are split by script), so each text drawn is cut into runs, each set in
 * the first font file of the current role that has its characters, and drawn as one continued
 * paragraph. Installed on the document once (installFontRuns): the layout keeps calling
 * doc.font(role's font) and doc.text() as with a single font.
 */
import { openSync, type Font } from 'fontkit';
import { shapesFully, type FontRole, type FontSet } from './fonts';

export interface Run {
  face: string;
  text: string;
}

const opened = new Map<string, Font>();
function fontOf(file: string): Font {
  let font = opened.get(file);
  if (!font) {
    font = openSync(file);
    opened.set(file, font);
  }
  return font;
}

/** Spaces, digits and punctuation stay with the run around them when its font has them. */
const NEUTRAL = /[\s\p{P}\p{N}\p{S}]/u;
/** Marks (accents, vowel signs) belong with the character before them, in its font. */
const MARK = /\p{M}/u;

/** `text` cut into runs of one font file each; a character no file has stays in the current run. */
export function fontRuns(text: string, faces: readonly string[]): Run[] {
  const runs: Run[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const current = runs.at(-1);
    let face: string;
    if (current && (MARK.test(ch) || (NEUTRAL.test(ch) && fontOf(current.face).hasGlyphForCodePoint(cp)))) face = current.face;
    else face = faces.find((f) => fontOf(f).hasGlyphForCodePoint(cp)) ?? current?.face ?? faces[0];
    if (current && current.face === face) current.text += ch;
    else runs.push({ face, text: ch });
  }
  // A run drawn with `continued` that ends in a space is followed by a gap of its own (pdfkit
  // places the next run after the space and again after its width): the space goes with the next run.
  for (let i = 0; i < runs.length - 1; i++) {
    const trailing = /\s+$/u.exec(runs[i].text)?.[0];
    if (trailing && trailing.length < runs[i].text.length) {
      runs[i].text = runs[i].text.slice(0, -trailing.length);
      runs[i + 1].text = trailing + runs[i + 1].text;
    }
  }
  return runs;
}

type TextOptions = PDFKit.Mixins.TextOptions;
type Doc = PDFKit.PDFDocument;

/** Makes doc.text() draw each run in its own font (nothing to do with the standard fonts). */
export function installFontRuns(doc: Doc, fonts: FontSet): void {
  const faces = fonts.faces;
  if (fonts.standard || !faces) return;
  const roleOf = new Map<string, FontRole>((Object.keys(faces) as FontRole[]).map((role) => [faces[role][0], role]));
  let role: FontRole = 'regular';
  const font = doc.font.bind(doc) as (src: string, size?: number) => Doc;
  const text = doc.text.bind(doc) as (text: string, x?: number | TextOptions, y?: number, options?: TextOptions) => Doc;

  (doc as { font: unknown }).font = (src: string, size?: number) => {
    role = roleOf.get(src) ?? role;
    return font(src, size);
  };
  (doc as { text: unknown }).text = (value: string, x?: number | TextOptions, y?: number, options?: TextOptions) => {
    const runs = fontRuns(String(value), faces[role]);
    const own = faces[role][0];
    if (runs.length <= 1 && (runs[0]?.face ?? own) === own) return text(value, x, y, options);
    const opts: TextOptions = typeof x === 'object' ? x : (options ?? {});
    const at = typeof x === 'number' ? [x, y] : [];
    runs.forEach((run, i) => {
      font(run.face);
      const last = i === runs.length - 1;
      // Precomposed letters (ị, ồ) as they are: the subset files' ccmp would split them into a
      // letter and a mark whose text is lost in the PDF. Arabic and Devanagari need every feature.
      const o = { ...opts, continued: last ? opts.continued : true, ...(shapesFully(run.face) ? {} : { features: { ccmp: false } }) } as TextOptions;
      if (i === 0 && at.length) text(run.text, at[0], at[1], o);
      else text(run.text, o);
    });
    font(own);
    return doc;
  };
}
