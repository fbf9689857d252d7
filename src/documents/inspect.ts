/**
 * What is done to a file once its first bytes say what it is: images are decoded and encoded
 * again by sharp (libvips), which drops every piece of metadata (EXIF, GPS, XMP, comments) and
 * proves the pixels are an image; PDFs are parsed by pdf-lib, which refuses encrypted and broken
 * ones. A file that says it is one kind and is not fails here: 'malformed'.
 *
 * Both need the file whole in memory (a decoder does): the desk caps its size first.
 */
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import type { DocumentKind } from './contract';

/**
 * The most pixels an image may declare: above this it is refused before it is decoded (a
 * decompression bomb, a few KB declaring billions of pixels, would take gigabytes). 60 Mpx takes
 * the largest phone photos (48 Mpx: 8000 × 6000).
 */
export const MAX_IMAGE_PIXELS = 60_000_000;

// Decoded images are not kept between files (sharp's cache holds up to 50 MB by default).
sharp.cache(false);

export type Inspected =
  | { ok: true; kind: DocumentKind; reencoded: true; content: Buffer }
  /** Kept as received: a PDF (checked, not rewritten), a HEIC sharp cannot decode. */
  | { ok: true; kind: DocumentKind; reencoded: false }
  | { ok: false };

const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' as const };

/** An image decoded and encoded again in its own format, metadata gone, turned upright first (the EXIF orientation would go with the metadata). */
async function reencode(buf: Buffer, kind: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  const img = sharp(buf, options).rotate();
  if (kind === 'jpeg') return img.jpeg({ quality: 90 }).toBuffer();
  if (kind === 'png') return img.png().toBuffer();
  return img.webp({ quality: 90 }).toBuffer();
}

async function inspectHeic(buf: Buffer): Promise<Inspected> {
  // libheif reads the container and its header without a decoder: a file that is no HEIF at all,
  // or declares a bomb's size, is refused here whatever the build.
  let meta: sharp.Metadata;
  try {
    meta = await sharp(buf, options).metadata();
  } catch {
    return { ok: false };
  }
  if (!meta.width || !meta.height || meta.width * meta.height > MAX_IMAGE_PIXELS) return { ok: false };
  try {
    // A build of libvips that decodes it: stored as a JPEG, metadata gone, like every photo.
    return { ok: true, kind: 'jpeg', reencoded: true, content: await sharp(buf, options).rotate().jpeg({ quality: 90 }).toBuffer() };
  } catch {
    // sharp's prebuilt libvips has no HEVC decoder: kept as received, its container checked above.
    return { ok: true, kind: 'heic', reencoded: false };
  }
}

async function inspectPdf(buf: Buffer): Promise<Inspected> {
  // A PDF ends with %%EOF (ISO 32000, 7.5.5) within its last bytes; a cut file does not.
  if (!buf.subarray(Math.max(0, buf.length - 1024)).includes('%%EOF')) return { ok: false };
  try {
    // Encrypted PDFs throw (no ignoreEncryption): the attorney could not open them either.
    const doc = await PDFDocument.load(buf, { throwOnInvalidObject: true, updateMetadata: false });
    return doc.getPageCount() > 0 ? { ok: true, kind: 'pdf', reencoded: false } : { ok: false };
  } catch {
    return { ok: false };
  }
}

export async function inspect(kind: DocumentKind, buf: Buffer): Promise<Inspected> {
  if (kind === 'pdf') return inspectPdf(buf);
  if (kind === 'heic') return inspectHeic(buf);
  try {
    return { ok: true, kind, reencoded: true, content: await reencode(buf, kind) };
  } catch {
    return { ok: false };
  }
}
