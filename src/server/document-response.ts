/**
 * A received document on its way to an attorney (the dashboard) or an integration (the API):
 * streamed from the desk as it is decrypted, never whole in memory, with headers that keep what a
 * family sent from ever acting in the dashboard's origin: the stored kind's own content type (found
 * from the content when it came), nosniff, and a Content-Security-Policy sandbox (an opaque origin,
 * no script, no plugin reaching the dashboard's cookies or pages), but on a PDF shown in the browser.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'restify';
import { MEDIA_TYPES, type DocumentInfo } from '../documents/contract';
import { downloadName } from '../summary/received-documents';

/** Nothing but the file itself, in a sandbox: not even a style sheet or a frame of another page. */
export const DOCUMENT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/**
 * A PDF shown in the browser: Chrome refuses to start its PDF viewer in a sandboxed document ("This
 * page has been blocked by Chrome", chromium issue 413851) and lays it out wrong under
 * default-src 'none', so the attorney's preview would never open. The viewer runs the file in a
 * process of its own, with no access to the dashboard's origin, and the content was checked to be a
 * well-formed PDF when it came (src/documents/inspect.ts) and goes out as application/pdf with
 * nosniff: it can only ever be shown as a PDF. Still never framed by another page.
 */
export const PDF_PREVIEW_CSP = "frame-ancestors 'none'";

export interface DocumentHeadersOptions {
  /** inline: shown by the browser (a preview); attachment: saved (a download). */
  disposition: 'inline' | 'attachment';
  reference: string;
}

export function documentHeaders(info: DocumentInfo, o: DocumentHeadersOptions): Record<string, string> {
  return {
    'Content-Type': MEDIA_TYPES[info.kind],
    'Content-Disposition': `${o.disposition}; filename="${downloadName(o.reference, info)}"`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': info.kind === 'pdf' && o.disposition === 'inline' ? PDF_PREVIEW_CSP : DOCUMENT_CSP,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/**
 * Sends the content with `headers`. A failure once bytes are out (a chunk that does not decrypt,
 * the client gone) ends the response unfinished, so a partial file is never taken for a whole
 * one; it rejects for the caller to log (without content).
 */
export async function streamDocument(res: Response, content: AsyncIterable<Uint8Array>, headers: Record<string, string>): Promise<void> {
  res.writeHead(200, headers);
  await pipeline(Readable.from(content, { objectMode: false }), res);
}
