/**
 * PDFs are made in worker threads (src/pdf/pdf-workers.ts), so a render, however long, never
 * holds the server: while the worker is held inside a render (without measuring any time), the
 * server answers /healthz and a family's web chat, and the PDF arrives once the worker goes on.
 * Renders run at most so many at once; a render that fails fails alone.
 */
import { once } from 'node:events';
import type { IntakeContext } from '../dialogs/context';
import type { Firm } from '../src/config/firm';
import { PdfWorkers, pdfWorkers } from '../src/pdf/pdf-workers';
import { NEW_HANDLING } from '../src/store/handoff-store';
import type { Attorney } from '../src/store/account-store';
import type { Summary } from '../src/summary/contract';
import { converse } from './support/converse';
import { createAttorney, signedIn } from './support/attorneys';
import { pdfText } from './support/pdf-text';
import { REFERENCE } from './scripts.reference';
import { startTestServer, type TestServer } from './support/server';

const FIRM: Firm = { name: 'Test Law', phone: '+1 716 555 0100', timeZone: 'America/New_York' };

/** Settles with what the promise did, and says meanwhile whether it has. */
function watch<T>(p: Promise<T>): { settled: () => boolean; done: Promise<T> } {
  let settled = false;
  const done = p.finally(() => (settled = true));
  return { settled: () => settled, done };
}

describe('the PDF, made off the event loop', () => {
  let app: TestServer;
  let ann: Attorney;
  let summary: Summary;

  beforeAll(async () => {
    app = await startTestServer();
    ann = await createAttorney(app.parts.accounts, { name: 'Ann Lee' });
    const address = '+14165550142';
    for (const [i, text] of REFERENCE.en.entries()) {
      await app.parts.service.receive({ channel: 'sms', address, id: `SMpdf${i}`, at: new Date(Date.UTC(2026, 10, 27, 14, i)).toISOString(), text, media: [] });
    }
    const record = await app.parts.store.findConversation({ channel: 'sms', address });
    summary = (await app.parts.store.getIntake((record!.snapshot as unknown as { context: IntakeContext }).context.intakeId))!;
  }, 120_000);

  afterAll(async () => {
    await pdfWorkers.close();
    await app?.close();
  });

  it('answers /healthz and a web chat while a render is in progress, then sends the PDF', async () => {
    const client = await signedIn(app.url, ann);
    const release = pdfWorkers.hold();
    try {
      const started = once(pdfWorkers.events, 'started');
      const pdf = watch(fetch(`${app.url}/intakes/${summary.intakeId}.pdf`, { headers: { cookie: client.cookieHeader() } }));
      // The worker has the render and is held inside it.
      await started;
      const health = await fetch(`${app.url}/healthz`);
      expect(health.status).toBe(200);
      const token = await fetch(`${app.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(token.status).toBe(200);
      expect(pdf.settled()).toBe(false);
      release();
      const res = await pdf.done;
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await pdfText(body)).text;
      expect(text).toContain(summary.reference);
      expect(text).toContain('Marc Tremblay');
    } finally {
      release();
    }
  });

  it('runs at most `size` renders at once; the others wait their turn', async () => {
    const workers = new PdfWorkers({ size: 1 });
    const input = {
      summary: converse(REFERENCE.en).summary,
      handling: NEW_HANDLING,
      escalations: [],
      firm: FIRM,
      generatedAt: new Date('2026-11-28T15:00:00Z'),
      generatedBy: 'ann',
    };
    const release = workers.hold();
    try {
      const started = once(workers.events, 'started');
      const first = watch(workers.render(input));
      const second = watch(workers.render(input));
      await started;
      expect(workers.waiting).toBe(1);
      release();
      const [a, b] = await Promise.all([first.done, second.done]);
      expect(a.subarray(0, 5).toString()).toBe('%PDF-');
      expect(b.length).toBe(a.length);
      expect(workers.waiting).toBe(0);
    } finally {
      release();
      await workers.close();
    }
  });

  it('a render that fails fails alone: the next one is made', async () => {
    const workers = new PdfWorkers();
    const good = converse(REFERENCE.en).summary;
    // A tier no label exists for: the renderer throws (in the worker).
    const bad = { ...good, triage: { ...good.triage, tier: 'Z9' } } as unknown as Summary;
    const input = (summary: Summary) => ({
      summary,
      handling: NEW_HANDLING,
      escalations: [],
      firm: FIRM,
      generatedAt: new Date('2026-11-28T15:00:00Z'),
      generatedBy: 'ann',
    });
    try {
      await expect(workers.render(input(bad))).rejects.toThrow(/the PDF could not be made/);
      const pdf = await workers.render(input(good));
      expect((await pdfText(pdf)).text).toContain(good.reference);
    } finally {
      await workers.close();
    }
  });
});
