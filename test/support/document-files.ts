/**
 * Files for the document tests, made here rather than shipped: photos with and without location
 * metadata (sharp), PDFs (pdf-lib), and the bad ones (a decompression bomb, a truncated PDF, a
 * JPEG that is only its magic number).
 */
import { crc32 } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';

/** A photo with EXIF, GPS position included (sharp writes IFD3, the GPS directory). */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#3a6ea5' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'GPS-Leak-Model', ImageDescription: 'Home of the family' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '42/1 53/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '78/1 52/1 3456/100' },
    })
    .toBuffer();
}

export async function png(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c33' } })
    .png()
    .toBuffer();
}

export async function webp(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#3c3' } })
    .webp()
    .toBuffer();
}

/** A HEIF container (AV1-coded, branded heic): one sharp's prebuilt libvips decodes. */
export async function decodableHeif(): Promise<Buffer> {
  const avif = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#33c' } })
    .avif()
    .toBuffer();
  const out = Buffer.from(avif);
  out.write('heic', 8, 'latin1'); // the major brand
  let at = 0;
  while ((at = out.indexOf('avif', at, 'latin1')) >= 0 && at < 32) out.write('heic', at, 'latin1');
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG of a few dozen bytes declaring 100 000 × 100 000 pixels (ten billion): a decompression bomb. */
export function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF whose text is `text` (uncompressed, so the words are in its bytes). */
export async function pdf(text = 'Physician letter', pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage().drawText(`${text} ${i + 1}`, { x: 50, y: 700, size: 14, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A PDF carrying extra bytes in a comment after its header (still a well-formed PDF). */
export async function pdfCarrying(payload: Buffer): Promise<Buffer> {
  const base = await pdf('Carrier');
  const nl = base.indexOf('\n') + 1;
  return Buffer.concat([base.subarray(0, nl), Buffer.from('%'), payload, Buffer.from('\n'), base.subarray(nl)]);
}

/** JPEG's magic number followed by noise: says it is a photo and is not. */
export function fakeJpeg(): Buffer {
  const noise = Buffer.alloc(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251;
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), noise]);
}

/** `buf` in pieces of `size` bytes, as a request body arrives. */
export async function* pieces(buf: Buffer, size = 1000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < buf.length; at += size) yield new Uint8Array(buf.subarray(at, at + size));
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of source) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + body.length);
  return Buffer.concat([size, Buffer.from(type, 'latin1'), body]);
}
const fullBox = (type: string, version: number, ...payload: Buffer[]) => box(type, Buffer.from([version, 0, 0, 0]), ...payload);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/**
 * A HEIC as phones write it, HEVC-coded (ISO/IEC 23008-12: ftyp, meta with one hvc1 item of
 * width × height, mdat): sharp's prebuilt libvips reads its header but has no HEVC decoder. Its
 * coded data is filler: no decoder here could tell.
 */
export function hevcHeic(width = 64, height = 48): Buffer {
  const ftyp = box('ftyp', Buffer.from('heic', 'latin1'), u32(0), Buffer.from('mif1heic', 'latin1'));
  // HEVCDecoderConfigurationRecord: version 1, Main profile, level 3.1, no parameter-set arrays.
  const hvcC = box('hvcC', Buffer.from([1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 0x5d, 0xf0, 0x00, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0]));
  const ispe = fullBox('ispe', 0, u32(width), u32(height));
  const data = Buffer.alloc(256, 0x26);
  const meta = (offset: number) =>
    fullBox(
      'meta',
      0,
      fullBox('hdlr', 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), Buffer.from([0])),
      fullBox('pitm', 0, u16(1)),
      fullBox('iinf', 0, u16(1), fullBox('infe', 2, u16(1), u16(0), Buffer.from('hvc1', 'latin1'), Buffer.from([0]))),
      fullBox('iloc', 0, Buffer.from([0x44, 0x00]), u16(1), u16(1), u16(0), u16(1), u32(offset), u32(data.length)),
      box('iprp', box('ipco', hvcC, ispe), fullBox('ipma', 0, u32(1), u16(1), Buffer.from([2, 0x81, 0x02]))),
    );
  const offset = ftyp.length + meta(0).length + 8;
  return Buffer.concat([ftyp, meta(offset), box('mdat', data)]);
}

/** A PDF whose trailer says it is encrypted (the attorney could not open it without its password). */
export async function encryptedPdf(): Promise<Buffer> {
  const text = (await pdf('Locked')).toString('latin1');
  return Buffer.from(
    text.replace(
      /trailer\s*<</,
      'trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4 >>\n',
    ),
    'latin1',
  );
}
