/**
 * Documents on MongoDB: each one's sealed content in GridFS (bucket `documentContent`, the file
 * named by the document id only), its record in the `documents` collection. GridFS is plain
 * collections (files and chunks): it works on FerretDB too.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, type Db } from 'mongodb';
import { CHUNK_BYTES, FRAME_OVERHEAD } from './sealed-chunks';
import type { DocumentRecord, DocumentStorage } from './storage';

export const DOCUMENT_BUCKET = 'documentContent';
const SCHEMA_VERSION = 1;

type DocumentDoc = Omit<DocumentRecord, 'id'> & { _id: string; schemaVersion: number };

const toRecord = ({ _id, schemaVersion: _v, ...rest }: DocumentDoc): DocumentRecord => ({ id: _id, ...rest });

export async function createMongoDocumentStorage(db: Db): Promise<DocumentStorage> {
  const records = db.collection<DocumentDoc>('documents');
  await records.createIndex({ intakeId: 1, receivedAt: 1 }, { name: 'intake_received' });
  // One GridFS chunk per sealed frame.
  const bucket = new GridFSBucket(db, { bucketName: DOCUMENT_BUCKET, chunkSizeBytes: CHUNK_BYTES + FRAME_OVERHEAD });
  const removeContent = async (id: string) => {
    // Both collections by the id, not bucket.delete (which throws when the file is missing and
    // leaves chunks behind if it stops between its two deletes).
    await db.collection(`${DOCUMENT_BUCKET}.files`).deleteOne({ _id: id as never });
    await db.collection(`${DOCUMENT_BUCKET}.chunks`).deleteMany({ files_id: id });
  };
  return {
    async writeContent(id, frames) {
      try {
        await pipeline(Readable.from(frames), bucket.openUploadStreamWithId(id as never, id));
      } catch (err) {
        await removeContent(id).catch(() => undefined);
        throw err;
      }
    },
    readContent(id) {
      return bucket.openDownloadStream(id as never);
    },
    removeContent,
    async insert(r) {
      const { id, ...rest } = r;
      await records.insertOne({ _id: id, schemaVersion: SCHEMA_VERSION, ...rest });
    },
    async list(intakeId) {
      return (await records.find({ intakeId }).sort({ receivedAt: 1, _id: 1 }).toArray()).map(toRecord);
    },
    async get(intakeId, id) {
      const doc = await records.findOne({ _id: id, intakeId });
      return doc ? toRecord(doc) : null;
    },
    async remove(intakeId, id) {
      await records.deleteOne({ _id: id, intakeId });
    },
    async totals(intakeId) {
      // FerretDB 1.24 has $sum, but a find is as cheap at forty files and works everywhere.
      const docs = await records.find({ intakeId }, { projection: { size: 1 } }).toArray();
      return { files: docs.length, bytes: docs.reduce((n, d) => n + d.size, 0) };
    },
    async intakesWithDocuments() {
      return (await records.distinct('intakeId')) as string[];
    },
  };
}
