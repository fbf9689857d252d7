/**
 * What a file is, by its first bytes (its magic numbers). The declared media type and the file
 * name are never asked: a photo named "letter.pdf" is a photo, and a file that says nothing we
 * know is refused. Whether the rest of the file is what its start claims is for the decoders
 * (src/documents/inspect.ts).
 */
import type { DocumentKind } from './contract';

/** Bytes enough to tell every kind apart (the HEIF `ftyp` box with a few compatible brands). */
export const SNIFF_BYTES = 64;

/** Brands that say HEVC-coded HEIF (HEIC) still images or sequences (ISO/IEC 23008-12). */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
/** Brands of HEIF in general: also what AVIF files say, which we do not take. */
const GENERIC_HEIF = new Set(['mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

const starts = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) =>
  Buffer.from(b.buffer, b.byteOffset + from, Math.max(0, Math.min(to, b.length) - from)).toString('latin1');

/** The kind the first bytes show, or null (not one we take, or too short to tell). */
export function sniffKind(head: Uint8Array): DocumentKind | null {
  if (starts(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (starts(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (ascii(head, 4, 8) === 'ftyp' && head.length >= 16) {
    const boxSize = Buffer.from(head.buffer, head.byteOffset, head.length).readUInt32BE(0);
    const major = ascii(head, 8, 12);
    // Compatible brands follow the minor version, up to the end of the box (or of what we read).
    const brands = [major];
    for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) brands.push(ascii(head, at, at + 4));
    if (HEIC_BRANDS.has(major)) return 'heic';
    if (AVIF_BRANDS.has(major) || brands.some((b) => AVIF_BRANDS.has(b))) return null;
    if (GENERIC_HEIF.has(major) || brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
  }
  return null;
}

/** The file name extension of each kind (the name shown and downloaded). */
export const EXTENSIONS: Record<DocumentKind, string> = { pdf: 'pdf', jpeg: 'jpg', png: 'png', heic: 'heic', webp: 'webp' };
