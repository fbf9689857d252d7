/**
 * Which fonts the PDF is set in. The standard Helvetica needs no file and covers Western European
 * text (WinAnsi: é, ñ, ç, ü…); a name or a story in another script (Vietnamese, Polish, Cyrillic,
 * Arabic…) needs a TrueType font with those glyphs, taken from the system when one is installed.
 * Without one, the characters Helvetica cannot show are replaced, visibly, rather than dropped.
 */
import { existsSync } from 'node:fs';

export interface FontSet {
  regular: string;
  bold: string;
  italic: string;
  /** True for the built-in fonts: text must be made WinAnsi-safe (see winAnsiSafe). */
  standard: boolean;
}

export const STANDARD_FONTS: FontSet = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', standard: true };

/** Candidates in order of preference: DejaVu Sans covers the most scripts (Vietnamese, Cyrillic, Greek, Arabic); Liberation Sans has fewer. */
const SYSTEM_FONTS: ReadonlyArray<Omit<FontSet, 'standard'>> = [
  {
    regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
    italic: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf',
  },
  {
    regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
    italic: '/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf',
  },
];

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

/**
 * The standard fonts when every text fits them, else the first system font set installed, else
 * the standard fonts anyway (the text is then made safe).
 */
export function chooseFonts(texts: readonly string[], candidates = SYSTEM_FONTS): FontSet {
  if (texts.every((t) => fitsWinAnsi(t.normalize('NFC')))) return STANDARD_FONTS;
  const found = candidates.find((c) => existsSync(c.regular) && existsSync(c.bold) && existsSync(c.italic));
  return found ? { ...found, standard: false } : STANDARD_FONTS;
}
