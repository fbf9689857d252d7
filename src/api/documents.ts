/**
 * An intake's documents as the API shows them: the evidence checklist with, per item, whether
 * anything was received and which documents; then every document's metadata (what it is by its
 * content, its size, when and how it came, whether it was kept as received). The content itself
 * is served one document at a time (GET …/documents/{documentId}).
 */
import { z } from 'zod';
import { DOCUMENT_KINDS, DOCUMENT_SOURCES, MEDIA_TYPES, OTHER_ITEM, type DocumentInfo } from '../documents/contract';
import type { ReceivedDocuments } from '../summary/received-documents';

export const DocumentMetaSchema = z
  .object({
    id: z.string(),
    item: z.string().describe(`The checklist item's key it was sent for, or "${OTHER_ITEM}".`),
    description: z.string().nullable().describe(`For "${OTHER_ITEM}": the family's short description, in their language.`),
    kind: z.enum(DOCUMENT_KINDS).describe('What the file is, found from its content (never from its name or declared type).'),
    contentType: z.enum(DOCUMENT_KINDS.map((k) => MEDIA_TYPES[k])),
    size: z.number().int().describe('Bytes, as stored.'),
    receivedAt: z.string(),
    source: z.enum(DOCUMENT_SOURCES).describe('The secure upload link, web chat, MMS, or WhatsApp.'),
    reencoded: z.boolean().describe('false: kept as received (a photo the server could not decode): its metadata may still be in it.'),
    fileName: z.string().describe('The name it was sent with, sanitized for display. Never trusted for the type.'),
  })
  .strict();

export const DocumentsSchema = z
  .object({
    intakeId: z.string(),
    checklist: z.array(
      z
        .object({
          item: z.string(),
          name: z.string().describe("The item in the firm's wording."),
          received: z.boolean(),
          documents: z.array(z.string()).describe('Ids of the documents received for it, oldest first.'),
        })
        .strict(),
    ),
    documents: z.array(DocumentMetaSchema).describe('Every document, oldest first.'),
  })
  .strict();

export type Documents = z.infer<typeof DocumentsSchema>;

export function documentMeta(d: DocumentInfo): z.infer<typeof DocumentMetaSchema> {
  return {
    id: d.id,
    item: d.item,
    description: d.description ?? null,
    kind: d.kind,
    contentType: MEDIA_TYPES[d.kind],
    size: d.size,
    receivedAt: d.receivedAt,
    source: d.source,
    reencoded: d.reencoded,
    fileName: d.displayName,
  };
}

export function publicDocuments(intakeId: string, r: ReceivedDocuments): Documents {
  const all = [...r.items.flatMap((i) => i.files), ...r.other].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  return DocumentsSchema.parse({
    intakeId,
    checklist: r.items.map((i) => ({ item: i.key, name: i.name, received: i.files.length > 0, documents: i.files.map((f) => f.id) })),
    documents: all.map(documentMeta),
  });
}
