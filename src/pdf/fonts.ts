/**
 * Which fonts the PDF is set in. The standard Helvetica needs no file and covers Western European
 * text (WinAnsi: é, ñ, ç, ü…); a name or a story in another script (Vietnamese, Polish, Cyrillic,
 * Arabic, Devanagari…) is set in Noto Sans, shipped by npm (@fontsource/noto-sans and
 * @fontsource/noto-sans-arabic), so the PDF is the same on a slim container as on a desktop: the
 * system's fonts are never read. Those packages split each font by script into files of their own;
 * each character is drawn with the first file that has it (./font-runs).
 */
import { dirname, join } from 'node:path';

export type FontRole = 'regular' | 'bold' | 'italic';

export interface FontSet {
  regular: string;
  bold: string;
  italic: string;
  /** True for the built-in fonts: text must be made WinAnsi-safe (see winAnsiSafe). */
  standard: boolean;
  /** Font files by role, the first (the role's own font) first: each character takes the first that has it. */
  faces?: Record<FontRole, string[]>;
}

export const STANDARD_FONTS: FontSet = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', standard: true };

/** Noto Sans's scripts, in the order a character looks for its glyph (Latin first: labels are English). */
const NOTO_SANS_SUBSETS = ['latin', 'latin-ext', 'vietnamese', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'devanagari'];

/** Scripts whose letters change shape with their neighbours: their runs keep every OpenType feature. */
const SHAPED_SUBSETS = /-(arabic|devanagari)-\d+-(normal|italic)\.woff$/;

export function shapesFully(file: string): boolean {
  return SHAPED_SUBSETS.test(file);
}

/** The folder of an installed npm package's font files (resolved from node_modules, nowhere else). */
function filesOf(pkg: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'files');
}

/** Every font file of Noto Sans (and Noto Sans Arabic, which has no italic: its upright face serves). */
export function notoFaces(): Record<FontRole, string[]> {
  const sans = filesOf('@fontsource/noto-sans');
  const arabic = filesOf('@fontsource/noto-sans-arabic');
  const of = (weight: number, style: 'normal' | 'italic') => [
    ...NOTO_SANS_SUBSETS.map((s) => join(sans, `noto-sans-${s}-${weight}-${style}.woff`)),
    join(arabic, `noto-sans-arabic-arabic-${weight}-normal.woff`),
  ];
  return { regular: of(400, 'normal'), bold: of(700, 'normal'), italic: of(400, 'italic') };
}

/** The embedded fonts: Noto Sans from npm. */
export function embeddedFonts(faces = notoFaces()): FontSet {
  return { regular: faces.regular[0], bold: faces.bold[0], italic: faces.italic[0], standard: false, faces };
}

// Windows-1252's characters outside Latin-1: what the standard fonts can also show.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function isWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || CP1252_EXTRA.has(ch);
}

/** Text the standard fonts can show entirely. */
export function fitsWinAnsi(text: string): boolean {
  for (const ch of text) if (!isWinAnsi(ch)) return false;
  return true;
}

/** Composed first (é as one character, not e + accent), then anything else shown as "?". */
export function winAnsiSafe(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += isWinAnsi(ch) ? ch : '?';
  return out;
}

/** The standard fonts when every text fits them (nothing embedded), else Noto Sans from npm. */
export function chooseFonts(texts: readonly string[]): FontSet {
  if (texts.every((t) => fitsWinAnsi(t.normalize('NFC')))) return STANDARD_FONTS;
  return embeddedFonts();
}
