/**
 * Raw HTTP requests for the edge tests: any method, headers and body (bytes, or a stream sent in
 * chunks), over a fresh connection each, answered or not. fetch would normalise some of it.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';

export interface RawReply {
  /** 0: no HTTP answer (the connection was refused or cut). */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  error?: string;
  /** Body bytes written before the answer came (or all of them). */
  sent: number;
}

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Bytes (sent with their Content-Length unless `chunked`), or a stream (sent chunked). */
  body?: Buffer | Readable;
  chunked?: boolean;
  /** Sends `Expect: 100-continue` and the body only once the server asks for it (as curl does for large bodies). */
  expectContinue?: boolean;
}

export function rawRequest(base: string, r: RawRequest): Promise<RawReply> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let settled = false;
    let sent = 0;
    let answered = false;
    const done = (v: Omit<RawReply, 'sent'>) => {
      if (!settled) {
        settled = true;
        resolve({ ...v, sent });
      }
    };
    const headers: Record<string, string> = { ...r.headers };
    const streamed = !Buffer.isBuffer(r.body) || r.chunked;
    if (r.body !== undefined && !streamed) headers['content-length'] = String((r.body as Buffer).length);
    // Explicit, or node:http would not frame a GET's body at all.
    if (r.body !== undefined && streamed) headers['transfer-encoding'] = 'chunked';
    if (r.expectContinue) headers.expect = '100-continue';
    const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const finish = (error?: string) => {
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ...(error ? { error } : {}) });
        // A client that has its answer stops sending.
        if (r.body instanceof Readable) r.body.destroy();
        req.destroy();
      };
      res.on('end', () => finish());
      res.on('error', (err) => finish(err.message));
      res.on('close', () => finish());
    });
    // Once answered, a write the server no longer reads (EPIPE, ECONNRESET) changes nothing.
    req.on('error', (err) => {
      if (!answered) done({ status: 0, headers: {}, body: '', error: err.message });
    });
    const write = () => {
      const body = r.body;
      if (body === undefined) return req.end();
      if (Buffer.isBuffer(body)) {
        // In pieces when chunked, so that it really goes out as several chunks.
        const piece = r.chunked ? 4096 : body.length || 1;
        for (let i = 0; i < body.length; i += piece) req.write(body.subarray(i, i + piece));
        sent = body.length;
        return req.end();
      }
      void pump(body);
    };
    // Chunk by chunk, looking for an early answer between chunks (as curl does): a client that
    // has its answer stops sending.
    const pump = async (body: Readable) => {
      try {
        for await (const chunk of body) {
          if (answered || settled || req.destroyed) return;
          sent += (chunk as Buffer).length;
          if (!req.write(chunk)) await new Promise<void>((ok) => (req.once('drain', ok), req.once('close', ok)));
          await new Promise((ok) => setImmediate(ok));
        }
        if (!answered && !req.destroyed) req.end();
      } catch (err) {
        req.destroy(err as Error);
      }
    };
    if (r.expectContinue) {
      req.flushHeaders();
      req.once('continue', write);
    } else write();
  });
}

/** A multipart/form-data body with one file part of `size` bytes, produced as it is sent. */
export function streamedMultipart(size: number, boundary = 'edge-test-boundary'): { contentType: string; body: Readable } {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const block = Buffer.alloc(64 * 1024, 0x61);
  function* parts() {
    yield head;
    for (let sent = 0; sent < size; sent += block.length) yield block.subarray(0, Math.min(block.length, size - sent));
    yield tail;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Readable.from(parts(), { objectMode: false }) };
}

/** A route's path with every parameter filled in (`:id` → `x`), so that it routes. */
export function concretePath(pattern: string): string {
  return pattern.replace(/:[A-Za-z_]+/g, 'x');
}

/** Writes `bytes` as they are on a new connection and returns all that comes back until the server closes it. */
export function rawExchange(base: string, bytes: string | Buffer): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}
