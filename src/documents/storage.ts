/**
 * Where documents are kept: their sealed content (frames of src/documents/sealed-chunks.ts) and a
 * record of each. Adapters: sqlite-documents.ts (files under DATA_DIR/documents, records in the
 * embedded database) and mongo-documents.ts (GridFS and a `documents` collection). The desk
 * (desk.ts) does the checking and the sealing; a storage only stores.
 */
import type { DocumentKind, DocumentSource } from './contract';

/** A document as stored. The family's words (file name, description) are sealed; the rest is readable for lists and caps. */
export interface DocumentRecord {
  id: string;
  intakeId: string;
  item: string;
  kind: DocumentKind;
  /** Plaintext bytes as stored. */
  size: number;
  receivedAt: string;
  source: DocumentSource;
  reencoded: boolean;
  /** The key that sealed the content (the store's key ids, src/store/cipher.ts). */
  keyId: string;
  /** Plaintext bytes per sealed chunk. */
  chunkBytes: number;
  /** FieldCipher-sealed SealedFields. */
  sealed: string;
}

export interface SealedFields {
  fileName?: string;
  displayName: string;
  description?: string;
}

export interface DocumentStorage {
  /** Stores the sealed frames of a new document; on failure nothing of it is left. */
  writeContent(id: string, frames: AsyncIterable<Buffer>): Promise<void>;
  /** The sealed frames as stored; the iteration throws when the content is missing. */
  readContent(id: string): AsyncIterable<Uint8Array>;
  /** Deletes the content (nothing happens if there is none). */
  removeContent(id: string): Promise<void>;
  insert(record: DocumentRecord): Promise<void>;
  /** The intake's records, oldest first. */
  list(intakeId: string): Promise<DocumentRecord[]>;
  get(intakeId: string, id: string): Promise<DocumentRecord | null>;
  /** Deletes a record (its content is removed first by the caller). */
  remove(intakeId: string, id: string): Promise<void>;
  /** How many files and bytes the intake holds. */
  totals(intakeId: string): Promise<{ files: number; bytes: number }>;
  /** Every intake that holds a document (retention looks for purged ones among them). */
  intakesWithDocuments(): Promise<string[]>;
}

/** Document ids are UUIDs we make: anything else (a path, a dot) is no document. */
export const DOCUMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
