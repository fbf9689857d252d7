/**
 * How carriers count an SMS: what the firm pays for. A message is sent in GSM-7 (the GSM 03.38
 * alphabet, 7 bits a character) when every character is in that alphabet, otherwise in UCS-2
 * (UTF-16 code units). A single-part message holds 160 septets or 70 code units; a longer one is
 * sent in segments of 153 septets or 67 code units (the rest of each is the concatenation header),
 * and a character is never cut between two segments: an extension-table character (an escape and
 * a septet) or a surrogate pair that does not fit goes whole to the next segment.
 *
 * Written here rather than taken from npm (sms-segments-calculator does the same): it is one small
 * table and a loop, and the renderer needs the per-character cost to choose where to split.
 */

/** GSM 03.38 basic character set (one septet each), without the escape itself. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The extension table: an escape septet and one more, so two septets each. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type Encoding = 'GSM-7' | 'UCS-2';

export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

/** Septets a character takes in GSM-7, or null when GSM-7 cannot carry it. */
export function gsm7Septets(char: string): 1 | 2 | null {
  if (GSM7_BASIC.has(char)) return 1;
  if (GSM7_EXTENSION.has(char)) return 2;
  return null;
}

/** The characters of `text` that GSM-7 cannot carry (each once, in order of appearance). */
export function nonGsm7(text: string): string[] {
  return [...new Set([...text].filter((c) => gsm7Septets(c) === null))];
}

export function encodingOf(text: string): Encoding {
  for (const c of text) if (gsm7Septets(c) === null) return 'UCS-2';
  return 'GSM-7';
}

/** What one character costs in the given encoding: septets, or UTF-16 code units. */
export function unitsOf(char: string, encoding: Encoding): number {
  return encoding === 'GSM-7' ? (gsm7Septets(char) ?? 1) : char.length;
}

/** Units of the whole text in the given encoding. */
export function unitCount(text: string, encoding: Encoding = encodingOf(text)): number {
  let n = 0;
  for (const c of text) n += unitsOf(c, encoding);
  return n;
}

export interface Segmented {
  encoding: Encoding;
  /** Septets (GSM-7) or code units (UCS-2). */
  units: number;
  segments: number;
}

/**
 * Counts segments as text is appended, the way a carrier fills them: the layout (sms.ts) grows a
 * message word by word and asks what it costs so far.
 */
export class SegmentCounter {
  private gsm = true;
  private septets = 0;
  private gsmSegments = 1;
  private gsmUsed = 0;
  private codeUnits = 0;
  private ucsSegments = 1;
  private ucsUsed = 0;

  push(text: string): this {
    for (const c of text) {
      const septets = gsm7Septets(c);
      if (septets === null) this.gsm = false;
      else {
        this.septets += septets;
        // A two-septet character never straddles a boundary: it goes whole to the next segment.
        if (this.gsmUsed + septets > GSM7_PART) {
          this.gsmSegments++;
          this.gsmUsed = 0;
        }
        this.gsmUsed += septets;
      }
      this.codeUnits += c.length;
      if (this.ucsUsed + c.length > UCS2_PART) {
        this.ucsSegments++;
        this.ucsUsed = 0;
      }
      this.ucsUsed += c.length;
    }
    return this;
  }

  get encoding(): Encoding {
    return this.gsm ? 'GSM-7' : 'UCS-2';
  }

  get units(): number {
    return this.gsm ? this.septets : this.codeUnits;
  }

  get segments(): number {
    if (this.gsm) return this.septets <= GSM7_SINGLE ? 1 : this.gsmSegments;
    return this.codeUnits <= UCS2_SINGLE ? 1 : this.ucsSegments;
  }
}

/** How many segments a message is billed as. An empty message is still one. */
export function segmentsOf(text: string): Segmented {
  const c = new SegmentCounter().push(text);
  return { encoding: c.encoding, units: c.units, segments: c.segments };
}

/** The most units a message of `segments` segments can hold in this encoding. */
export function capacity(segments: number, encoding: Encoding): number {
  if (segments <= 1) return encoding === 'GSM-7' ? GSM7_SINGLE : UCS2_SINGLE;
  return segments * (encoding === 'GSM-7' ? GSM7_PART : UCS2_PART);
}
