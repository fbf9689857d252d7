/**
 * The raw material of the fuzz test: odd strings, odd JSON, odd header values, and byte-level
 * mutations of a valid body. Pure fast-check arbitraries, nothing sent from here.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';

/** Values that have broken parsers, templates and stores elsewhere. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  '\u0000\u0001\u0002\u001b[31m',
  '\r\n\r\n',
  '\t\v\f',
  '%00',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '+',
  '&',
  '=',
  '&&==&',
  '\ud800',
  '\udfff\ud800',
  '\ufeff',
  '\u202e\u2066RTL',
  '👨‍👩‍👧‍👦🇺🇸',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '<Message>x</Message>',
  ']]><!--',
  '<script>alert(1)</script>',
  '{{firmName}}',
  '${process.exit(1)}',
  '__proto__',
  'constructor',
  "'; DROP TABLE conversations; --",
  '{"$gt": ""}',
  'STOP',
  'START',
  'HELP',
  'UNSUBSCRIBE',
  'yes',
  'no',
  '1',
  '-1',
  '1e309',
  'NaN',
  '9'.repeat(400),
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  'whatsapp:',
  'whatsapp:+',
  '+',
  '+1',
  '+00000000000000000000',
  'http://',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  'file:///etc/passwd',
  '../../../../etc/passwd',
  'Bearer',
  'Bearer ',
];

/** Lone surrogates and control characters, which a UTF-8 encoder replaces or a parser chokes on. */
const oddUnit = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u007f', '\u0085', '\u2028', '\u2029', '\ufffe', '\uffff', '\u200b', '\u00ad'),
);

/** A string a person, a broken client or an attacker might send. */
export const oddText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ unit: oddUnit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }) },
  // Long: past an SMS, past the store's limits, near the 64 KB body limit.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'é', '€', '😀', '\u0000', '%'), fc.integer({ min: 1_000, max: 40_000 })).map(([c, n]) => c.repeat(n)) },
);

/** Any JSON value, including deep and odd ones. */
export const oddJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: oddText },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -0, 1e308, -1, 2 ** 53 + 1, [], {}, [[[[[[]]]]]]) },
  // Deep nesting: a recursive walker must not blow the stack.
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 3_000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown) },
);

/** A header value node:http will put on the wire (tab, visible ASCII and Latin-1 bytes only). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, '')),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) =>
    Buffer.from(s, 'utf8')
      .toString('latin1')
      .replace(/[^\t\x20-\x7e\x80-\xff]/g, ''),
  ),
  fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'Bearer  a b', 'Basic Zm9vOmJhcg==', 'null', 'undefined', '\t', 'x'.repeat(4000)),
);

/** Content types a client might send, right and wrong. */
export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=UTF-8',
    'text/plain',
    'text/xml',
    'application/xml',
    'multipart/form-data; boundary=xyz',
    'multipart/form-data',
    'application/octet-stream',
    'application/json; charset=latin1',
    'application/x-www-form-urlencoded; charset=utf-16',
    '*/*',
    '',
    ';;;',
    'application/json, text/plain',
  ),
  headerValue,
);

interface ByteEdit {
  kind: 'flip' | 'insert' | 'delete' | 'truncate' | 'duplicate' | 'splice';
  at: number;
  byte: number;
  len: number;
}

const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'duplicate', 'splice'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  byte: fc.integer({ min: 0, max: 255 }),
  len: fc.integer({ min: 1, max: 64 }),
});

const SPLICES = ['%', '&', '=', '"', '{', '}', '[', ']', ',', ':', '\\', '\u0000', '%C0%80', '\\u0000', '\\ud800'].map((s) => Buffer.from(s));

function applyEdit(b: Buffer, e: ByteEdit): Buffer {
  const at = Math.min(b.length, Math.floor(e.at * (b.length + 1)));
  switch (e.kind) {
    case 'flip':
      if (!b.length) return Buffer.from([e.byte]);
      return Buffer.concat([b.subarray(0, Math.min(at, b.length - 1)), Buffer.from([e.byte]), b.subarray(Math.min(at, b.length - 1) + 1)]);
    case 'insert':
      return Buffer.concat([b.subarray(0, at), Buffer.alloc(e.len, e.byte), b.subarray(at)]);
    case 'delete':
      return Buffer.concat([b.subarray(0, at), b.subarray(at + e.len)]);
    case 'truncate':
      return b.subarray(0, at);
    case 'duplicate':
      return Buffer.concat([b.subarray(0, at + e.len), b.subarray(at)]);
    case 'splice':
      return Buffer.concat([b.subarray(0, at), SPLICES[e.byte % SPLICES.length], b.subarray(at)]);
  }
}

/** A valid body, damaged a few bytes at a time. */
export function mutatedBytes(valid: Buffer): fc.Arbitrary<Buffer> {
  return fc.array(byteEdit, { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce(applyEdit, valid));
}

/** A path segment as a client might put it in a URL (percent-encoded, so node:http sends it). */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '.', '..', '%2e%2e', '%2F', '%00', 'a'.repeat(3000), 'undefined', 'null', '__proto__', '%25', '%ZZ'),
  oddText.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')).slice(0, 3000)),
);

/** A query string of odd names and values (repeated names included). */
export const queryString: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('next', 'out', 'watermark', 'a[b]', 'a[]', '__proto__[x]', 'constructor'), fc.string({ maxLength: 10 })), oddText), {
    maxLength: 4,
  })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '').slice(0, 500))}`).join('&'));

/** JSON text of a value (and a few bodies that are not JSON at all). */
export function jsonBody(v: unknown): Buffer {
  const s = JSON.stringify(v);
  return Buffer.from(s === undefined ? 'undefined' : s, 'utf8');
}

// ---- Bodies the server must refuse before reading them ---------------------------------------

/** What a request's body becomes: its new headers, bytes, framing, and the answer it must get. */
export interface RefusedBody {
  /** How it was made, named when it fails. */
  how: string;
  headers: Record<string, string>;
  body: Buffer;
  chunked: boolean;
  /** 415 for an encoding or multipart, 413 for a body over the limit. */
  status: 413 | 415;
}

/** The server's limit on a body, as decoded (src/server/bodies.ts). */
export const BODY_LIMIT = 64 * 1024;

const ENCODERS: Record<string, (b: Buffer) => Buffer> = { gzip: (b) => gzipSync(b), deflate: (b) => deflateSync(b), br: (b) => brotliCompressSync(b) };

/** A few KB that inflate to 8 MB: a zip bomb in small. Made once. */
let bomb: Buffer | null = null;
const gzipBomb = () => (bomb ??= gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20), { level: 9 }));

/** Content-Encoding values, each naming at least one coding the server does not take (only identity is taken). */
const CODINGS = ['gzip', 'x-gzip', 'GZIP', 'deflate', 'br', 'gzip, identity', 'identity, gzip', 'identity,br', ' gzip ', 'gzip, gzip'];
const UNKNOWN_CODINGS = [
  'compress',
  'x-compress',
  'zstd',
  'aes128gcm',
  'exi',
  'pack200-gzip',
  '*',
  'chunked',
  'gzip;q=1',
  'identity;q=0, gzip',
  'identity identity',
];

/** The coding a Content-Encoding value names first (other than identity), to encode the body with it. */
function encoderFor(coding: string): (b: Buffer) => Buffer {
  const name =
    coding
      .split(',')
      .map((c) => c.trim().toLowerCase().replace(/^x-/, ''))
      .find((c) => c !== 'identity') ?? 'gzip';
  return ENCODERS[name] ?? ENCODERS.gzip;
}

/** Multipart content types, with and without a boundary, in odd spellings. */
const MULTIPART_TYPES = [
  'multipart/form-data; boundary=B0und',
  'Multipart/Form-Data;boundary=B0und',
  'multipart/form-data',
  'multipart/mixed; boundary=B0und',
  'multipart/related; boundary="B0und"',
  'multipart/form-data ; boundary=B0und',
  'multipart/x-anything; boundary=B0und',
];

function multipartOf(valid: Buffer, padding: number, asFile: boolean): Buffer {
  const disposition = asFile ? 'form-data; name="file"; filename="../../../tmp/x.bin"' : 'form-data; name="Body"';
  return Buffer.concat([
    Buffer.from(`--B0und\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`),
    valid,
    Buffer.alloc(padding, 0x41),
    Buffer.from('\r\n--B0und--\r\n'),
  ]);
}

/**
 * A valid body (of content type `type`) turned into one the server must refuse: encoded (gzip,
 * deflate, brotli, several at once), falsely or brokenly encoded, an unknown coding, a small gzip
 * bomb, wrapped as multipart (fields or files, up to 256 KB), or grown past the limit as sent —
 * each with a Content-Length or chunked.
 */
export function refusedBody(valid: Buffer, type: string | null): fc.Arbitrary<RefusedBody> {
  const typed: Record<string, string> = type === null ? {} : { 'content-type': type };
  const chunked = fc.boolean();
  const encoded = fc.tuple(fc.constantFrom(...CODINGS), chunked).map(([coding, c]): RefusedBody => ({
    how: `encoded ${coding}`,
    headers: { ...typed, 'content-encoding': coding },
    body: encoderFor(coding)(valid),
    chunked: c,
    status: 415,
  }));
  const broken = fc
    .tuple(
      fc.constantFrom('gzip', 'deflate', 'br'),
      fc.oneof(
        fc.constant((b: Buffer) => b),
        fc.constant((b: Buffer) => Buffer.from([0x1f, 0x8b, ...b])),
        fc.nat(40).map((n) => (b: Buffer) => gzipSync(b).subarray(0, n)),
        mutatedBytes(gzipSync(valid)).map((m) => () => m),
      ),
      chunked,
    )
    .map(([coding, make, c]): RefusedBody => ({
      how: `broken ${coding}`,
      headers: { ...typed, 'content-encoding': coding },
      body: make(valid),
      chunked: c,
      status: 415,
    }));
  const unknown = fc.tuple(fc.constantFrom(...UNKNOWN_CODINGS), chunked).map(([coding, c]): RefusedBody => ({
    how: `unknown coding ${coding}`,
    headers: { ...typed, 'content-encoding': coding },
    body: valid,
    chunked: c,
    status: 415,
  }));
  const bombed = chunked.map((c): RefusedBody => ({
    how: 'gzip bomb',
    headers: { ...typed, 'content-encoding': 'gzip' },
    body: gzipBomb(),
    chunked: c,
    status: 415,
  }));
  const multipart = fc
    .tuple(fc.constantFrom(...MULTIPART_TYPES), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 256 * 1024 })), fc.boolean(), chunked)
    .map(([mp, padding, asFile, c]): RefusedBody => ({
      how: `multipart ${mp} +${padding}`,
      headers: { 'content-type': mp },
      body: multipartOf(valid, padding, asFile),
      chunked: c,
      status: 415,
    }));
  // Past the limit by 1 byte to 64 KB, in spaces (still valid JSON; a form's last value grows).
  const oversized = fc.tuple(fc.integer({ min: 1, max: BODY_LIMIT }), chunked).map(([over, c]): RefusedBody => ({
    how: `over the limit by ${over}`,
    headers: typed,
    body: Buffer.concat([valid, Buffer.alloc(Math.max(0, BODY_LIMIT - valid.length) + over, 0x20)]),
    chunked: c,
    status: 413,
  }));
  return fc.oneof(
    { weight: 3, arbitrary: encoded },
    { weight: 2, arbitrary: broken },
    { weight: 1, arbitrary: unknown },
    { weight: 1, arbitrary: bombed },
    { weight: 3, arbitrary: multipart },
    { weight: 2, arbitrary: oversized },
  );
}
