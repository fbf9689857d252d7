/**
 * Reading a multipart upload as it streams in (busboy), for the routes that take files (the
 * upload page, Direct Line's upload): never to disk, never whole in memory. Each file part is
 * handed on as a stream while it arrives (to the document desk, which checks it and keeps it or
 * nothing of it); the fields before it come with it (a description, Direct Line's activity).
 *
 * Limits are decided before reading and enforced while reading: a declared Content-Length over the
 * request's cap is refused unread; a file passing the per-file cap, one part too many, or a body
 * that breaks off or is no multipart stop the reading at once (the file being read is destroyed
 * with an error, so the desk keeps nothing of it) and the caller answers with the failure. Files
 * received whole before the failure have their own results (each is kept or refused on its own).
 * busboy drops any directory from a part's file name (preservePath false): a path in a name is
 * never more than its last segment here, and the desk never trusts the name in any case.
 */
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request, Response } from 'restify';

export interface UploadLimits {
  /** Per file: one byte more stops the reading. */
  maxFileBytes: number;
  /** Files in one request. */
  maxFiles: number;
  /** Non-file fields in one request, and the bytes of each. */
  maxFields: number;
  maxFieldBytes: number;
}

/** Why a request was not read to its end; the files read whole before it keep their own results. */
/** 'failed': the handler itself failed (the store away): the server's fault, not the request's. */
export type UploadFailure = 'too_large' | 'too_many' | 'malformed' | 'gone' | 'failed';

export interface FilePart {
  /** The part's field name. */
  field: string;
  /** As the client named it, without any directory (busboy); may be empty. Never trusted. */
  fileName: string;
  /** The fields that came before this file, by name (the last value of a repeated one). */
  fields: Readonly<Record<string, string>>;
  /**
   * The bytes as they arrive; it errors (and ends) if the reading stops in the middle of it. A
   * handler may stop reading it early (a desk's own cap): the rest is then drained here, so the
   * parser goes on to the next part.
   */
  content: AsyncIterable<Uint8Array>;
  /** Drops the rest of this file unread (a part the handler does not want). */
  skip(): Promise<void>;
}

export interface UploadReading<R> {
  fields: Record<string, string>;
  /** Each file part, in order, with what the handler made of it. */
  files: Array<{ field: string; result: R }>;
  failure: UploadFailure | null;
}

/** The whole request's cap: every file at its cap, the fields, and the multipart framing around them. */
export function requestCap(l: UploadLimits): number {
  return l.maxFiles * (l.maxFileBytes + 1024) + l.maxFields * (l.maxFieldBytes + 1024) + 64 * 1024;
}

class ReadingStopped extends Error {
  constructor(readonly failure: UploadFailure) {
    super(`upload stopped: ${failure}`);
  }
}

/**
 * Reads the request's multipart body, handing each file to `onFile` in turn (the next file waits,
 * unread, until the handler of the one before has finished: the desk's per-intake counts see
 * one file at a time). `onFile` must read `content` to its end or fail; whatever it throws for a
 * file whose reading stopped is not its result (the failure is).
 */
export async function readUploads<R>(req: Request, res: Response, limits: UploadLimits, onFile: (part: FilePart) => Promise<R>): Promise<UploadReading<R>> {
  const fields: Record<string, string> = {};
  const files: Array<{ field: string; result: R }> = [];
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > requestCap(limits)) return { fields, files, failure: 'too_large' };
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      preservePath: false,
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles,
        fields: limits.maxFields,
        fieldSize: limits.maxFieldBytes,
        parts: limits.maxFiles + limits.maxFields,
        fieldNameSize: 100,
        headerPairs: 20,
      },
    });
  } catch {
    // No boundary, or not multipart at all.
    return { fields, files, failure: 'malformed' };
  }

  let failure: UploadFailure | null = null;
  let active: Readable | null = null;
  /** File streams the reading stopped in the middle of: whatever their handler made of them is no result. */
  const cut = new Set<Readable>();
  let chain: Promise<void> = Promise.resolve();

  return new Promise((resolve) => {
    let parsed = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      req.removeListener('aborted', onGone);
      res.removeListener('close', onGone);
      resolve({ fields, files, failure });
    };
    /** Stops reading: the file being read errors (its handler fails), nothing more is parsed. */
    const stop = (why: UploadFailure, stream: Readable | null = active) => {
      failure ??= why;
      req.unpipe(bb);
      if (stream && !stream.readableEnded) {
        cut.add(stream);
        stream.destroy(new ReadingStopped(why));
      }
      bb.removeAllListeners('file');
      bb.removeAllListeners('field');
      bb.on('error', () => {});
      // The handlers still running settle the reading.
      void chain.then(finish);
    };
    const onGone = () => {
      if (!parsed) stop('gone');
    };

    bb.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return stop('too_large');
      fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      const part: FilePart = {
        field,
        fileName: info.filename ?? '',
        fields: { ...fields },
        // Not destroyed when a handler stops iterating: busboy would wait for it forever.
        content: { [Symbol.asyncIterator]: () => stream.iterator({ destroyOnReturn: false }) },
        skip: () =>
          new Promise<void>((done) => {
            if (stream.readableEnded || stream.destroyed) return done();
            stream
              .once('end', done)
              .once('error', () => done())
              .once('close', done);
            stream.resume();
          }),
      };
      // busboy would end the stream quietly, cut at the limit: it errors instead.
      stream.once('limit', () => {
        cut.add(stream);
        stop('too_large', stream);
      });
      chain = chain.then(async () => {
        if (failure) {
          stream.resume();
          return;
        }
        active = stream;
        try {
          const result = await onFile(part);
          if (!cut.has(stream)) files.push({ field, result });
        } catch (err) {
          if (!(err instanceof ReadingStopped) && !cut.has(stream) && !failure) stop('failed');
        } finally {
          active = null;
          // A handler that did not read to the end: the rest is drained so the parser goes on.
          if (!stream.destroyed) stream.resume();
        }
      });
    });
    bb.on('filesLimit', () => stop('too_many'));
    bb.on('partsLimit', () => stop('too_many'));
    bb.on('fieldsLimit', () => stop('too_many'));
    bb.on('error', () => stop('malformed'));
    bb.on('close', () => {
      parsed = true;
      void chain.then(finish);
    });
    req.once('aborted', onGone);
    res.once('close', onGone);
    if (/^100-continue$/i.test(String(req.headers.expect ?? '').trim())) res.writeContinue();
    req.pipe(bb);
  });
}

/**
 * The answer to a sending stopped part way, while the client may still be sending: the whole
 * answer is written at once, and what still comes is read and dropped (up to `maxBytes`, then the
 * connection is cut) before the response ends and the connection closes. Ending it at once would
 * have Node close a connection whose request is unread, resetting it under the bytes in flight,
 * and the client (a browser) would see a network error instead of the answer.
 */
export function answerWhileDropping(req: Request, res: Response, status: number, body: string, headers: Record<string, string>, maxBytes: number): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Length': String(bytes.length), Connection: 'close' });
  res.write(bytes);
  let dropped = 0;
  const end = () => {
    if (!res.writableEnded) res.end();
  };
  if (req.readableEnded || req.destroyed) return end();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > maxBytes) {
      end();
      req.socket.destroy();
    }
  });
  req.once('end', end);
  req.once('close', end);
  req.on('error', () => {});
  req.resume();
}
