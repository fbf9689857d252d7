/**
 * The documents of an intake by checklist item (src/summary/received-documents.ts), and the window
 * that makes several files one notice (planDocuments in src/handoff/outbox-plan.ts): pure, no server.
 */
import type { DocumentInfo } from '../src/documents/contract';
import { checklistItems } from '../src/documents/checklist';
import { DOCUMENTS_WINDOW_MS, planDocuments } from '../src/handoff/outbox-plan';
import { downloadName, missingItems, receivedByItem } from '../src/summary/received-documents';
import { ctxOf } from './support/summary-input';
import { buildSummary } from '../src/summary/build';

let n = 0;
function doc(item: string, receivedAt: string, o: Partial<DocumentInfo> = {}): DocumentInfo {
  return { id: `d${++n}`, intakeId: 'i1', item, kind: 'pdf', size: 1000, receivedAt, source: 'link', reencoded: false, displayName: 'x.pdf', ...o };
}

describe('receivedByItem', () => {
  const facts = { request: { reason: 'medical', details: { patient: 'child' } }, history: { criminal: 'no', incidents: [] } } as unknown as Parameters<
    typeof checklistItems
  >[0];

  it('files each document under its checklist item, oldest first; the items nothing came for are missing', () => {
    const keys = checklistItems(facts).map((c) => c.key);
    expect(keys).toContain('physician_letter');
    const later = doc('physician_letter', '2026-12-07T10:00:00Z');
    const earlier = doc('physician_letter', '2026-12-07T09:00:00Z');
    const other = doc('other', '2026-12-07T09:30:00Z', { description: 'passport' });
    const r = receivedByItem(facts, [later, other, earlier]);
    expect(r.items.map((i) => i.key)).toEqual(keys);
    expect(r.items.find((i) => i.key === 'physician_letter')!.files).toEqual([earlier, later]);
    expect(r.other).toEqual([other]);
    expect(r.count).toBe(3);
    expect(missingItems(r).map((i) => i.key)).toEqual(keys.filter((k) => k !== 'physician_letter'));
  });

  it("keeps in view a file sent for an item the checklist no longer has (an answer corrected since), in the firm's words, never as missing", () => {
    const stray = doc('police_certificate', '2026-12-07T09:00:00Z');
    const r = receivedByItem(facts, [stray]);
    const shown = r.items.find((i) => i.key === 'police_certificate')!;
    expect(shown).toMatchObject({ onChecklist: false, files: [stray] });
    expect(shown.name).toMatch(/Police certificate/);
    expect(missingItems(r).map((i) => i.key)).not.toContain('police_certificate');
    expect(r.count).toBe(1);
  });

  it('works on a whole summary as stored', () => {
    const summary = buildSummary(ctxOf({ reason: { value: 'funeral' } }), {
      now: new Date('2026-12-07T09:00:00Z'),
      timeZone: 'America/New_York',
      updatedAt: '2026-12-07T09:00:00.000Z',
      transcriptId: 'tr_1',
    });
    expect(summary.evidenceChecklist.length).toBeGreaterThan(0);
    expect(receivedByItem(summary, []).items.every((i) => i.files.length === 0)).toBe(true);
  });
});

describe('downloadName', () => {
  it('is made of the reference, the item and the id, whatever they hold', () => {
    expect(downloadName('HP-7K3Q9', { id: 'abc-123_def456', item: 'physician_letter', kind: 'jpeg' })).toBe('HP-7K3Q9-physician_letter-abc-123_.jpg');
    expect(downloadName('HP-1"; x=', { id: '../../etc/passwd', item: 'a b"c', kind: 'pdf' })).toBe('HP-1x-abc-etcpassw.pdf');
  });
});

describe('planDocuments', () => {
  it('names one notice per intake and minute, due when the minute is over', () => {
    const a = planDocuments('i1', '2026-12-07T09:14:03.120Z');
    const b = planDocuments('i1', '2026-12-07T09:14:59.999Z');
    const c = planDocuments('i1', '2026-12-07T09:15:00.000Z');
    const d = planDocuments('i2', '2026-12-07T09:14:03.120Z');
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
    expect(d.id).not.toBe(a.id);
    expect(a.payload).toEqual({ intakeId: 'i1', from: '2026-12-07T09:14:00.000Z', until: '2026-12-07T09:15:00.000Z' });
    expect(Date.parse(a.dueAt) - Date.parse((a.payload as { from: string }).from)).toBe(DOCUMENTS_WINDOW_MS);
    expect(a.kind).toBe('documents');
  });
});
