/**
 * A file being received, held until its checks are done: in a temporary file under
 * DATA_DIR/documents-incoming, sealed with a key made for that one file and kept only in memory
 * (a crash leaves bytes nobody can read, removed at the next start), so nothing of a file that
 * fails is ever readable on disk, and a 20 MB file is never whole in memory while it arrives.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { privateDir } from '../store/private-files';
import type { DocumentKind } from './contract';
import { openChunks, sealChunks } from './sealed-chunks';
import { SNIFF_BYTES, sniffKind } from './sniff';

export type Arrival = { ok: true; file: IncomingFile } | { ok: false; refusal: 'type' | 'too_large' | 'malformed' };

export class IncomingFile {
  constructor(
    private readonly path: string,
    private readonly key: { id: string; key: Buffer },
    readonly kind: DocumentKind,
    readonly size: number,
  ) {}

  /** The bytes as received, opened chunk by chunk. */
  content(): AsyncIterable<Buffer> {
    return openChunks(createReadStream(this.path), [this.key], this.key.id, 'incoming');
  }

  /** The whole file (a decoder needs it): only after its size was capped. */
  async whole(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const c of this.content()) parts.push(c);
    return Buffer.concat(parts);
  }

  async discard(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

export function incomingDir(dataDir: string): string {
  return join(dataDir, 'documents-incoming');
}

/** A file still being checked after this long was left by a process that died. */
const LEFT_AFTER_MS = 60 * 60 * 1000;

/**
 * What a crash left: unreadable (its key is gone), so only removed; an hour old at least, so that
 * another instance's file being checked right now is not taken from under it.
 */
export async function clearIncoming(dataDir: string, now = Date.now()): Promise<number> {
  const dir = incomingDir(dataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const file = join(dir, name);
    const st = await stat(file).catch(() => null);
    if (st && now - st.mtimeMs >= LEFT_AFTER_MS) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

class Stop extends Error {
  constructor(readonly refusal: 'type' | 'too_large' | 'malformed') {
    super(refusal);
  }
}

/**
 * Reads `content` into a sealed temporary file, refusing as soon as its first bytes show a kind we
 * do not take, or it grows past `maxBytes`. Reading stops at a refusal: the caller's stream is left
 * unread from there (the caller closes it).
 */
export async function receiveIncoming(dataDir: string, content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Arrival> {
  const dir = incomingDir(dataDir);
  privateDir(dir);
  const path = join(dir, randomUUID());
  const key = { id: 'incoming', key: randomBytes(32) };
  let size = 0;
  let head = Buffer.alloc(0);
  let kind: DocumentKind | null = null;
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      yield* content;
    } catch {
      // The sender's stream broke (a request cut short, a body that does not parse): nothing is kept.
      throw new Stop('malformed');
    }
  }
  async function* checked(): AsyncGenerator<Uint8Array> {
    for await (const piece of source()) {
      size += piece.byteLength;
      if (size > maxBytes) throw new Stop('too_large');
      if (kind === null) {
        head = Buffer.concat([head, Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)]).subarray(0, SNIFF_BYTES);
        if (head.length >= SNIFF_BYTES) {
          kind = sniffKind(head);
          if (kind === null) throw new Stop('type');
        }
      }
      yield piece;
    }
    if (size === 0) throw new Stop('malformed');
    if (kind === null) {
      kind = sniffKind(head);
      if (kind === null) throw new Stop('type');
    }
  }
  const file = createWriteStream(path, { mode: 0o600, flags: 'wx' });
  try {
    await pipeline(Readable.from(sealChunks(checked(), key, 'incoming')), file);
  } catch (err) {
    // The file is removed only once its stream has closed. Node 20's pipeline settles on the
    // source's error without waiting for the destination (the source's 'error' and its end both
    // count as finished), so the file could still be opening on another thread: removing it first
    // left it behind (1 in 3,000 under stress-ng; test/documents-desk.test.ts saw it on CI).
    if (!file.closed) await once(file, 'close').catch(() => undefined);
    await rm(path, { force: true });
    if (err instanceof Stop) return { ok: false, refusal: err.refusal };
    throw err;
  }
  return { ok: true, file: new IncomingFile(path, key, kind!, size) };
}
