// TEMPORARY (until h16-core's desk is merged): an in-memory desk following the contract.
import { randomUUID } from 'node:crypto';
import type { DocumentDesk, DocumentInfo, IncomingDocument, ReceiveResult } from '../../src/documents/contract';

export function memoryDesk(): DocumentDesk & { bytes: Map<string, Buffer> } {
  const docs: DocumentInfo[] = [];
  const bytes = new Map<string, Buffer>();
  return {
    bytes,
    async receive(doc: IncomingDocument): Promise<ReceiveResult> {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of doc.content) {
        size += c.length;
        if (size > 20 * 1024 * 1024) return { ok: false, refusal: 'too_large' };
        chunks.push(Buffer.from(c));
      }
      const all = Buffer.concat(chunks);
      const kind = all.subarray(0, 4).toString('latin1') === '%PDF' ? 'pdf' : all[0] === 0xff && all[1] === 0xd8 ? 'jpeg' : all[0] === 0x89 ? 'png' : null;
      if (!kind) return { ok: false, refusal: 'type' };
      const info: DocumentInfo = { id: randomUUID(), intakeId: doc.intakeId, item: doc.item, ...(doc.description ? { description: doc.description } : {}), kind, size, receivedAt: new Date().toISOString(), source: doc.source, reencoded: kind !== 'pdf', displayName: (doc.fileName ?? 'file').split('/').pop()! };
      docs.push(info);
      bytes.set(info.id, all);
      return { ok: true, document: info };
    },
    async list(intakeId) { return docs.filter((d) => d.intakeId === intakeId); },
    async open() { return null; },
    async purgeIntake() { return 0; },
  };
}
