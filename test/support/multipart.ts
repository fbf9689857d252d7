/**
 * Multipart bodies built byte by byte, for the upload tests that need what fetch's FormData will
 * not send: a truncated body, a name with a path, a wrong declared type, a huge streamed file.
 */
import { Readable } from 'node:stream';

export interface Part {
  name: string;
  /** Present: a file part. */
  filename?: string;
  type?: string;
  data: Buffer | string;
}

export const BOUNDARY = '----test-boundary-7MA4YWxkTrZu0gW';
export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

function head(p: Part): string {
  const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
  return `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${p.filename !== undefined ? `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n` : ''}\r\n`;
}

export function multipartBody(parts: readonly Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) chunks.push(Buffer.from(head(p)), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data), Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/**
 * One file part of `total` bytes (a PDF's first bytes, then filler) made as it is read, in 64 KB
 * chunks: a test can send far more than the server takes without holding it. `sent` counts what
 * was read from it.
 */
export function hugeFileBody(field: string, total: number): { stream: Readable; read: () => number } {
  let made = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  let stage = 0;
  const stream = new Readable({
    read() {
      if (stage === 0) {
        stage = 1;
        this.push(Buffer.from(head({ name: field, filename: 'big.pdf', type: 'application/pdf', data: '' }) + '%PDF-1.7\n'));
        return;
      }
      if (made < total) {
        made += chunk.length;
        this.push(chunk);
        return;
      }
      if (stage === 1) {
        stage = 2;
        this.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
        return;
      }
      this.push(null);
    },
  });
  return { stream, read: () => made };
}
