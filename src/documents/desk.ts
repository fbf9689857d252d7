/**
 * The document desk: every file a family sends comes through `receive`, which checks it before
 * anything of it is kept (issue 16, item 4), then seals it in chunks and stores it (item 5):
 *
 * 1. the intake exists and the item is one of its checklist's (or 'other');
 * 2. the intake has room (files, bytes);
 * 3. the file arrives into a sealed temporary file (incoming.ts): its kind by its first bytes,
 *    its size capped as it comes;
 * 4. clamd scans it when one is configured (refused when clamd cannot be reached: never kept unscanned);
 * 5. images are decoded and encoded again without their metadata, PDFs parsed (inspect.ts);
 * 6. the content is sealed chunk by chunk with the store's current key and stored, then its record.
 *
 * A refusal at any step leaves nothing. Nothing about a document (name, type, content, item) is
 * logged: a failure is logged by its step only.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import sanitize from 'sanitize-filename';
import type { ClamdAddress, DocumentsConfig } from '../config/env';
import type { Logger } from '../log';
import type { CipherKey, FieldCipher } from '../store/cipher';
import { isItemOf, type SummaryFacts } from './checklist';
import { scanStream } from './clamd';
import { OTHER_ITEM, type DocumentDesk, type DocumentDeskHooks, type DocumentInfo, type IncomingDocument, type ReceiveResult } from './contract';
import { receiveIncoming } from './incoming';
import { inspect } from './inspect';
import { CHUNK_BYTES, openChunks, sealChunks } from './sealed-chunks';
import { EXTENSIONS } from './sniff';
import { DOCUMENT_ID, type DocumentRecord, type DocumentStorage, type SealedFields } from './storage';

/** The family's own words about an 'other' document: one line, this long at most. */
export const MAX_DESCRIPTION = 200;
const MAX_NAME = 100;

export interface DocumentDeskDeps {
  storage: DocumentStorage;
  /** The store's keys: the first seals, every one opens (src/server/keys.ts). */
  keys: readonly CipherKey[];
  /** Seals the family's words (file name, description): the store's field cipher. */
  cipher: FieldCipher;
  /** The intake's checklist facts, or null when there is no such intake (or it was purged). */
  intakeOf(intakeId: string): Promise<SummaryFacts | null>;
  limits: Pick<DocumentsConfig, 'maxFileBytes' | 'maxIntakeBytes' | 'maxFiles'>;
  clamd: ClamdAddress | null;
  /** Where files wait for their checks (DATA_DIR). */
  dataDir: string;
  logger: Logger;
  hooks?: DocumentDeskHooks;
  now?: () => Date;
  /** Plaintext bytes per sealed chunk; CHUNK_BYTES but in tests. */
  chunkBytes?: number;
}

/** Control characters, and the invisible ones that reorder or hide text (bidi overrides, zero-width). */
const UNSAFE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

/** One line of the family's words, without control characters, capped. */
function oneLine(text: string | undefined, max: number): string | undefined {
  const t = text?.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
  return t ? t : undefined;
}

/**
 * The name to show and download as: the last part of what was sent (no folders), nothing a file
 * system or a browser would take for a path or a control, its extension the kind's own.
 */
export function displayNameOf(fileName: string | undefined, kind: DocumentInfo['kind'], item: string): string {
  const last = basename((fileName ?? '').replace(/\\/g, '/'));
  const stem = sanitize(oneLine(last, 255) ?? '', { replacement: '_' })
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/^[.\s_-]+/, '')
    .slice(0, MAX_NAME)
    .trim();
  return `${stem || item}.${EXTENSIONS[kind]}`;
}

async function* fromBuffer(buf: Buffer, piece = CHUNK_BYTES): AsyncGenerator<Buffer> {
  for (let at = 0; at < buf.length; at += piece) yield buf.subarray(at, at + piece);
}

/** Counts what goes through. */
function counted(source: AsyncIterable<Uint8Array>, into: { bytes: number }): AsyncGenerator<Uint8Array> {
  return (async function* () {
    for await (const c of source) {
      into.bytes += c.byteLength;
      yield c;
    }
  })();
}

export function createDocumentDesk(deps: DocumentDeskDeps): DocumentDesk {
  const { storage, keys, cipher, limits, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const chunkBytes = deps.chunkBytes ?? CHUNK_BYTES;

  const infoOf = (r: DocumentRecord): DocumentInfo => {
    const sealed = cipher.openJson<SealedFields>(r.sealed);
    return {
      id: r.id,
      intakeId: r.intakeId,
      item: r.item,
      ...(sealed.description ? { description: sealed.description } : {}),
      kind: r.kind,
      size: r.size,
      receivedAt: r.receivedAt,
      source: r.source,
      reencoded: r.reencoded,
      displayName: sealed.displayName,
    };
  };

  async function remove(r: Pick<DocumentRecord, 'id' | 'intakeId'>): Promise<void> {
    // Content first: a purge cut short leaves the record, so the next one finds it again.
    await storage.removeContent(r.id);
    await storage.remove(r.intakeId, r.id);
  }

  async function receive(doc: IncomingDocument): Promise<ReceiveResult> {
    const facts = typeof doc.intakeId === 'string' && doc.intakeId ? await deps.intakeOf(doc.intakeId) : null;
    if (!facts) return { ok: false, refusal: 'unknown_intake' };
    if (typeof doc.item !== 'string' || !isItemOf(facts, doc.item)) return { ok: false, refusal: 'unknown_item' };

    const before = await storage.totals(doc.intakeId);
    if (before.files >= limits.maxFiles) return { ok: false, refusal: 'too_many' };
    if (before.bytes >= limits.maxIntakeBytes) return { ok: false, refusal: 'intake_full' };
    const room = limits.maxIntakeBytes - before.bytes;

    const arrival = await receiveIncoming(deps.dataDir, doc.content, Math.min(limits.maxFileBytes, room));
    if (!arrival.ok) {
      // Past the room the intake has left, but within the per-file cap: the intake is full.
      const refusal = arrival.refusal === 'too_large' && room < limits.maxFileBytes ? 'intake_full' : arrival.refusal;
      return { ok: false, refusal };
    }
    const incoming = arrival.file;
    const id = randomUUID();
    let stored = false;
    try {
      if (deps.clamd) {
        const scan = await scanStream(deps.clamd, incoming.content());
        if (scan === 'infected') return { ok: false, refusal: 'malware' };
        if (scan === 'unavailable') {
          logger.warn({ step: 'scan' }, 'clamd could not be reached: a document was refused unscanned');
          return { ok: false, refusal: 'scan_unavailable' };
        }
      }
      const checked = await inspect(incoming.kind, await incoming.whole());
      if (!checked.ok) return { ok: false, refusal: 'malformed' };
      const content = checked.reencoded ? fromBuffer(checked.content) : incoming.content();
      const size = { bytes: 0 };
      const key = keys[0];
      await storage.writeContent(id, sealChunks(counted(content, size), key, id, { chunkBytes }));
      stored = true;
      const fileName = oneLine(doc.fileName, 255);
      const description = doc.item === OTHER_ITEM ? oneLine(doc.description, MAX_DESCRIPTION) : undefined;
      const sealed: SealedFields = {
        ...(fileName ? { fileName } : {}),
        displayName: displayNameOf(doc.fileName, checked.kind, doc.item),
        ...(description ? { description } : {}),
      };
      const record: DocumentRecord = {
        id,
        intakeId: doc.intakeId,
        item: doc.item,
        kind: checked.kind,
        size: size.bytes,
        receivedAt: now().toISOString(),
        source: doc.source,
        reencoded: checked.reencoded,
        keyId: key.id,
        chunkBytes,
        sealed: cipher.sealJson(sealed),
      };
      await storage.insert(record);
      // Two files of one intake received at once both passed the check above: the later one
      // (or both) gives way, so the caps hold.
      const after = await storage.totals(doc.intakeId);
      if (after.files > limits.maxFiles || after.bytes > limits.maxIntakeBytes) {
        await remove(record);
        return { ok: false, refusal: after.files > limits.maxFiles ? 'too_many' : 'intake_full' };
      }
      const info = infoOf(record);
      if (deps.hooks?.onReceived) {
        try {
          await deps.hooks.onReceived(info);
        } catch (err) {
          // The document is kept; the notice is the hook's to retry.
          logger.error({ step: 'onReceived', err: (err as Error).message }, 'a received document could not be announced');
        }
      }
      return { ok: true, document: info };
    } catch (err) {
      if (stored) await remove({ id, intakeId: doc.intakeId }).catch(() => undefined);
      logger.error({ step: 'store', err: (err as Error).message }, 'a document could not be stored');
      throw err;
    } finally {
      await incoming.discard();
    }
  }

  return {
    receive,
    async list(intakeId) {
      return (await storage.list(intakeId)).map(infoOf);
    },
    async open(intakeId, id) {
      if (typeof id !== 'string' || !DOCUMENT_ID.test(id)) return null;
      const r = await storage.get(intakeId, id);
      if (!r) return null;
      return { info: infoOf(r), content: openChunks(storage.readContent(id), keys, r.keyId, id, { chunkBytes: r.chunkBytes }) };
    },
    async purgeIntake(intakeId) {
      const records = await storage.list(intakeId);
      for (const r of records) await remove(r);
      return records.length;
    },
  };
}

/** Retention: the documents of every intake that is gone (purged), whatever purged it. Returns how many documents. */
export async function purgeGoneIntakes(desk: DocumentDesk, storage: DocumentStorage, isGone: (intakeId: string) => Promise<boolean>): Promise<number> {
  let n = 0;
  for (const intakeId of await storage.intakesWithDocuments()) if (await isGone(intakeId)) n += await desk.purgeIntake(intakeId);
  return n;
}
