/**
 * The attorney's side of the documents a family sends, through the real server on both stores (the
 * SQLite file, and MongoDB through the test FerretDB), with files received by the real desk: the
 * intake page shows each checklist item received (with its files) or missing; a preview and a
 * download are served with headers that keep a file from acting in the dashboard's origin, each
 * audited; nobody signed out, and no other intake's URL, reaches a document; the PDF lists what was
 * received per item; the API lists and serves them; the firm's inbox and webhook hear of new
 * documents by checklist item only; an attorney asks the family for a missing item and the family
 * gets a fresh link, named in their language.
 */
import { randomBytes } from 'node:crypto';
import type { IntakeContext } from '../dialogs/context';
import { issueApiToken } from '../src/api/tokens';
import { DocumentsSchema } from '../src/api/documents';
import { checklistItems } from '../src/documents/checklist';
import type { DocumentInfo } from '../src/documents/contract';
import type { Attorney } from '../src/store/account-store';
import { authorOf } from '../src/store/store';
import type { Summary } from '../src/summary/contract';
import { REFERENCE } from './scripts.reference';
import { createAttorney, escaped, fieldOf, signedIn, type Client } from './support/attorneys';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { testMongoUri } from './support/mongo-server';
import { pdfText } from './support/pdf-text';
import { collect, hevcHeic, pdf, pieces, png } from './support/document-files';
import { startTestServer, type TestServer } from './support/server';
import { startSmtp, type TestSmtp } from './support/smtp';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(120_000);

const BACKENDS: Array<[string, () => Record<string, string>]> = [
  ['SQLite', () => ({})],
  ['MongoDB', () => ({ MONGODB_URI: testMongoUri(`docs_att_${randomBytes(4).toString('hex')}`), ENCRYPTION_KEY: randomBytes(32).toString('base64') })],
];

/** File names a family might give: none of them may reach a notice. */
const LETTER_NAME = 'Dr Okafor letter - Marc leukemia.pdf';
const PHOTO_NAME = 'IMG_2231 passport Marc.png';

describe.each(BACKENDS)("the attorney's side of documents on %s", (_name, storeEnv) => {
  let app: TestServer;
  let twilioApi: FakeTwilio;
  let smtp: TestSmtp;
  let hook: WebhookReceiver;
  let ann: Attorney;
  let annC: Client;
  let bob: Attorney;
  let token: string;
  let seq = 0;
  /** The English reference intake (documents received), the French one (none), a third one. */
  let en: Summary;
  let fr: Summary;
  let third: Summary;
  /** A Spanish family on web chat. */
  let web: Summary;
  const addresses: Record<string, string> = {};
  let letter: DocumentInfo;
  let photo: DocumentInfo;
  let heic: DocumentInfo;
  let letterPdf: Buffer;
  let elsewhere: DocumentInfo;

  async function drive(name: string, lines: string[], start: number, channel: 'sms' | 'webchat' = 'sms'): Promise<Summary> {
    const address = channel === 'sms' ? `+1416555${String(4000 + ++seq).slice(-4)}` : `dl-${randomBytes(8).toString('hex')}`;
    addresses[name] = address;
    for (const [i, text] of lines.entries()) {
      await app.parts.service.receive({ channel, address, id: `SMdoc${name}${i}`, at: new Date(start + i * 60_000).toISOString(), text, media: [] });
    }
    const record = await app.parts.store.findConversation({ channel, address });
    return (await app.parts.store.getIntake((record!.snapshot as unknown as { context: IntakeContext }).context.intakeId))!;
  }

  async function receive(
    intakeId: string,
    item: string,
    bytes: Buffer,
    o: { fileName?: string; description?: string; source?: DocumentInfo['source'] } = {},
  ): Promise<DocumentInfo> {
    const r = await app.parts.documents.receive({
      intakeId,
      item,
      description: o.description,
      fileName: o.fileName,
      source: o.source ?? 'link',
      content: pieces(bytes),
    });
    if (!r.ok) throw new Error(`the desk refused a sample file: ${r.refusal}`);
    return r.document;
  }

  const audits = async (intakeId: string, action: string) =>
    (await app.parts.handoffStore.auditLog({ intakeId, limit: 200 })).filter((e) => e.action === action);

  async function api(path: string, o: { token?: string | null } = {}) {
    const bearer = o.token === undefined ? token : o.token;
    return fetch(`${app.url}${path}`, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
  }

  beforeAll(async () => {
    [twilioApi, smtp, hook] = await Promise.all([startFakeTwilio(), startSmtp(), startWebhookReceiver()]);
    app = await startTestServer({
      ...storeEnv(),
      TWILIO_API_URL: twilioApi.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Intake <intake-bot@firm.test>',
      NOTIFY_EMAILS: 'intake@firm.test',
      WEBHOOK_URL: `${hook.url}/intake-events`,
      WEBHOOK_SECRET: 'a-webhook-secret-of-some-length',
    });
    const t0 = Date.parse('2026-11-27T12:00:00Z');
    en = await drive('en', REFERENCE.en, t0);
    fr = await drive('fr', REFERENCE.fr, t0 + 3_600_000);
    third = await drive('third', ['Hello', 'yes', 'no', 'outside the US', 'I am the traveler', 'funeral'], t0 + 7_200_000);
    web = await drive('web', ['Hola', 'sí', 'no', 'fuera de Estados Unidos', 'yo soy el viajero', 'tratamiento médico'], t0 + 9_000_000, 'webchat');
    ann = await createAttorney(app.parts.accounts, { name: 'Ann Lee' });
    bob = await createAttorney(app.parts.accounts, { name: 'Bob Roy' });
    annC = await signedIn(app.url, ann);
    token = await issueApiToken(app.parts.accounts, 'crm', new Date(), ['read']);

    letterPdf = await pdf('To whom it may concern: Marc Tremblay Jr. is in treatment for leukemia.');
    letter = await receive(en.intakeId, 'physician_letter', letterPdf, { fileName: LETTER_NAME });
    photo = await receive(en.intakeId, 'other', await png(), { fileName: PHOTO_NAME, description: 'passport of Marc', source: 'sms' });
    heic = await receive(en.intakeId, 'treatment_costs', hevcHeic(), { fileName: 'IMG_0001.HEIC', source: 'webchat' });
    elsewhere = await receive(third.intakeId, 'other', await png(16, 16), { description: 'something else' });
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([twilioApi?.close(), smtp?.close(), hook?.close()]);
  });

  it('has the intakes and files the tests need', () => {
    expect(en.status).toBe('complete');
    expect(fr.language).toBe('fr');
    expect([letter.kind, photo.kind, heic.kind]).toEqual(['pdf', 'png', 'heic']);
    expect(heic.reencoded).toBe(false);
    expect(photo.reencoded).toBe(true);
  });

  describe('the intake page', () => {
    it('shows each checklist item received, with its files, or missing with a way to ask for it; "other" files with their description', async () => {
      const page = await annC.get(`/intakes/${en.intakeId}`);
      expect(page.status).toBe(200);
      const card = /<section class="card" id="evidence">[\s\S]*?<\/section>/.exec(page.text)![0];
      const itemOf = (key: string) =>
        new RegExp(
          `<li class="item [a-z]+" id="item-${key}"[\\s\\S]*?</li>\\n</ul>|<li class="item [a-z]+" id="item-${key}"[\\s\\S]*?(?=<li class="item |</ul>\\n<h3>)`,
        ).exec(card)![0];
      // Received: the physician's letter, with its file (its kind, size, when, how, its links).
      const received = itemOf('physician_letter');
      expect(received).toContain('class="item received"');
      expect(received).toContain('Physician letter');
      expect(received).toContain(`data-document="${letter.id}"`);
      expect(received).toContain('PDF · ');
      expect(received).toMatch(/\d+(\.\d)? KB|\d+ bytes/);
      expect(received).toContain('by secure link');
      expect(received).toContain(`href="/intakes/${en.intakeId}/documents/${letter.id}"`);
      expect(received).toContain(`href="/intakes/${en.intakeId}/documents/${letter.id}/download" download`);
      expect(received).not.toContain('Ask the family for it');
      // Missing: no file, and the button that asks the family.
      const missing = itemOf('treatment_unavailable');
      expect(missing).toContain('class="item missing"');
      expect(missing).toContain('Missing');
      expect(missing).toContain('Ask the family for it');
      expect(missing).toContain('<input type="hidden" name="item" value="treatment_unavailable">');
      // The HEIC photo kept as received: said, with no preview.
      const costs = itemOf('treatment_costs');
      expect(costs).toContain('Kept as received, not re-encoded');
      expect(costs).toContain('HEIC photo');
      expect(costs).not.toContain('<img');
      // "Other", with the family's words; an image is previewed in the page.
      expect(card).toContain('Other documents');
      const other = /<ul class="files" id="other-documents">[\s\S]*?<\/ul>/.exec(card)![0];
      expect(other).toContain(escaped('passport of Marc'));
      expect(other).toContain(`<img src="/intakes/${en.intakeId}/documents/${photo.id}"`);
      expect(other).toContain('by text message (MMS)');
      expect(other).not.toContain('Kept as received');
      expect(card).toContain(`2 of ${checklistItems(en).length} checklist items received · files in all: 3`);
      // Nothing of the third intake's document.
      expect(page.text).not.toContain(elsewhere.id);
    });

    it('shows an intake with nothing received: every item missing, no other document', async () => {
      const page = await annC.get(`/intakes/${fr.intakeId}`);
      const card = /<section class="card" id="evidence">[\s\S]*?<\/section>/.exec(page.text)![0];
      expect(card).not.toContain('class="item received"');
      const items = checklistItems(fr).length;
      expect(items).toBeGreaterThan(3);
      expect((card.match(/class="item missing"/g) ?? []).length).toBe(items);
      expect(card).toContain(`0 of ${items} checklist items received · files in all: 0`);
    });
  });

  describe('preview and download', () => {
    it("shows a PDF inline: its own type, nosniff, never framed, not sandboxed (Chrome's viewer refuses a sandbox), not cached; the bytes as stored; audited", async () => {
      const before = (await audits(en.intakeId, 'previewed_document')).length;
      const res = await annC.get(`/intakes/${en.intakeId}/documents/${letter.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="[A-Z0-9-]+-physician_letter-[A-Za-z0-9_-]{1,8}\.pdf"$/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
      // The family's file name is in no header.
      expect([...res.headers.values()].join('\n')).not.toContain('Okafor');
      const stored = await collect((await app.parts.documents.open(en.intakeId, letter.id))!.content);
      expect(Buffer.from(res.text, 'latin1').length).toBeGreaterThan(0);
      const raw = await fetch(`${app.url}/intakes/${en.intakeId}/documents/${letter.id}`, { headers: { cookie: annC.cookieHeader() } });
      expect(Buffer.from(await raw.arrayBuffer()).equals(stored)).toBe(true);
      const entries = await audits(en.intakeId, 'previewed_document');
      expect(entries.length).toBe(before + 2);
      expect(entries[0]).toMatchObject({ actor: ann.id, detail: { reference: en.reference, item: 'physician_letter', document: letter.id, kind: 'pdf' } });
    });

    it('serves an image as an image (its stored kind, not a name), inline', async () => {
      const res = await fetch(`${app.url}/intakes/${en.intakeId}/documents/${photo.id}`, { headers: { cookie: annC.cookieHeader() } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toMatch(/(^|; )sandbox(;|$)/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    });

    it('downloads as an attachment, audited as a download', async () => {
      const res = await fetch(`${app.url}/intakes/${en.intakeId}/documents/${heic.id}/download`, { headers: { cookie: annC.cookieHeader() } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/heic');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Z0-9-]+-treatment_costs-[A-Za-z0-9_-]{1,8}\.heic"$/);
      expect(res.headers.get('content-security-policy')).toMatch(/(^|; )sandbox(;|$)/);
      expect(Buffer.from(await res.arrayBuffer()).equals(hevcHeic())).toBe(true);
      const [entry] = await audits(en.intakeId, 'downloaded_document');
      expect(entry).toMatchObject({ actor: ann.id, detail: { item: 'treatment_costs', document: heic.id, kind: 'heic' } });
    });

    it('refuses anyone signed out (to the sign-in page, nothing served, nothing audited)', async () => {
      const before = (await app.parts.handoffStore.auditLog({ intakeId: en.intakeId, limit: 500 })).length;
      for (const path of [`/intakes/${en.intakeId}/documents/${letter.id}`, `/intakes/${en.intakeId}/documents/${letter.id}/download`]) {
        const res = await fetch(`${app.url}${path}`, { redirect: 'manual' });
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
        expect(res.headers.get('content-type') ?? '').not.toContain('pdf');
        expect(Buffer.from(await res.arrayBuffer()).includes(Buffer.from('%PDF'))).toBe(false);
      }
      // A session cookie that is not one (another site's guess).
      const forged = await fetch(`${app.url}/intakes/${en.intakeId}/documents/${letter.id}`, { redirect: 'manual', headers: { cookie: 'pi_session=forged' } });
      expect(forged.status).toBe(303);
      expect((await app.parts.handoffStore.auditLog({ intakeId: en.intakeId, limit: 500 })).length).toBe(before);
    });

    it("answers 404 for another intake's document, an unknown id and an unknown intake", async () => {
      const bobC = await signedIn(app.url, bob);
      for (const path of [
        `/intakes/${en.intakeId}/documents/${elsewhere.id}`,
        `/intakes/${third.intakeId}/documents/${letter.id}/download`,
        `/intakes/${en.intakeId}/documents/${randomBytes(12).toString('hex')}`,
        `/intakes/nope/documents/${letter.id}`,
      ]) {
        const res = await bobC.get(path);
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      }
      expect((await audits(third.intakeId, 'downloaded_document')).length).toBe(0);
    });
  });

  describe('asking the family for a missing item', () => {
    it('sends the family a fresh upload link naming the item in their language; stored, audited, the assistant not silenced', async () => {
      const page = await annC.get(`/intakes/${fr.intakeId}`);
      const res = await annC.post(`/intakes/${fr.intakeId}/documents/ask`, { csrf: fieldOf(page.text, 'csrf'), item: 'physician_letter' });
      expect(res.status).toBe(303);
      expect(res.location).toBe(`/intakes/${fr.intakeId}?done=asked`);
      expect((await annC.follow(res)).text).toContain('A fresh upload link was sent to the family, naming the item.');
      const sent = twilioApi.to(addresses.fr);
      expect(sent).toHaveLength(1);
      const body = sent[0].body;
      expect(body).toContain(app.parts.documentWords.item('fr', 'physician_letter'));
      expect(body).toContain('Le cabinet de votre avocat vous demande un document de plus');
      const url = /https?:\/\/\S+\/documents\/(\S+)$/.exec(body);
      expect(url).not.toBeNull();
      expect(app.parts.uploadLinks.readUploadToken(url![1])).toMatchObject({ intakeId: fr.intakeId, lang: 'fr' });
      // In the transcript, as the attorney's; audited without the words or the link.
      const entries = await app.parts.store.transcript(fr.transcriptId);
      const last = entries.at(-1)!;
      expect(authorOf(last)).toEqual({ kind: 'attorney', id: ann.id });
      expect(last.text).toBe(body);
      const [entry] = await audits(fr.intakeId, 'asked_for_document');
      expect(entry).toMatchObject({ actor: ann.id, detail: { reference: fr.reference, item: 'physician_letter', channel: 'sms' } });
      expect(JSON.stringify(entry)).not.toContain(url![1]);
      expect(await app.parts.handoffStore.getHold(fr.intakeId)).toBeNull();
    });

    it('names the item in English for an English family', async () => {
      const page = await annC.get(`/intakes/${en.intakeId}`);
      const res = await annC.post(`/intakes/${en.intakeId}/documents/ask`, { csrf: fieldOf(page.text, 'csrf'), item: 'police_certificate' });
      expect(res.location).toBe(`/intakes/${en.intakeId}?done=asked`);
      const [sent] = twilioApi.to(addresses.en).slice(-1);
      expect(sent.body).toContain(app.parts.documentWords.item('en', 'police_certificate'));
      expect(sent.body).toMatch(/\/documents\/\S+$/);
    });

    it("refuses, sending nothing: without the CSRF token, with another session's token, signed out, and an item not on the checklist", async () => {
      const count = twilioApi.to(addresses.fr).length;
      const bobC = await signedIn(app.url, bob);
      const bobToken = fieldOf((await bobC.get(`/intakes/${fr.intakeId}`)).text, 'csrf');
      expect((await annC.post(`/intakes/${fr.intakeId}/documents/ask`, { item: 'physician_letter' })).status).toBe(403);
      expect((await annC.post(`/intakes/${fr.intakeId}/documents/ask`, { csrf: bobToken, item: 'physician_letter' })).status).toBe(403);
      const anonymous = await fetch(`${app.url}/intakes/${fr.intakeId}/documents/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: bobToken, item: 'physician_letter' }).toString(),
        redirect: 'manual',
      });
      expect(anonymous.status).toBe(403);
      const csrf = fieldOf((await annC.get(`/intakes/${fr.intakeId}`)).text, 'csrf');
      for (const item of ['death_certificate', 'other', '', '../../etc']) {
        const res = await annC.post(`/intakes/${fr.intakeId}/documents/ask`, { csrf, item });
        expect(res.location).toBe(`/intakes/${fr.intakeId}?done=unknown_item`);
      }
      expect((await annC.get(`/intakes/${fr.intakeId}?done=unknown_item`)).text).toContain(
        escaped("That item is not on this intake's checklist: nothing was sent."),
      );
      expect(twilioApi.to(addresses.fr)).toHaveLength(count);
    });

    it("writes into a web chat family's conversation (their widget reads it), in Spanish", async () => {
      expect(web.language).toBe('es');
      const csrf = fieldOf((await annC.get(`/intakes/${web.intakeId}`)).text, 'csrf');
      const res = await annC.post(`/intakes/${web.intakeId}/documents/ask`, { csrf, item: 'physician_letter' });
      expect(res.location).toBe(`/intakes/${web.intakeId}?done=asked`);
      const last = (await app.parts.store.transcript(web.transcriptId)).at(-1)!;
      expect(authorOf(last)).toEqual({ kind: 'attorney', id: ann.id });
      expect(last.text).toContain('La oficina de su abogado le pide un documento más');
      expect(last.text).toContain(app.parts.documentWords.item('es', 'physician_letter'));
      const token = /\/documents\/(\S+)$/.exec(last.text)![1];
      expect(app.parts.uploadLinks.readUploadToken(token)).toMatchObject({ intakeId: web.intakeId, lang: 'es' });
      expect(twilioApi.messages.filter((m) => m.body === last.text)).toEqual([]);
    });

    it('sends nothing to a family that opted out (STOP)', async () => {
      const count = twilioApi.to(addresses.en).length;
      await app.parts.store.setOptOut(addresses.en, true, new Date().toISOString());
      try {
        const csrf = fieldOf((await annC.get(`/intakes/${en.intakeId}`)).text, 'csrf');
        const res = await annC.post(`/intakes/${en.intakeId}/documents/ask`, { csrf, item: 'treatment_unavailable' });
        expect(res.location).toBe(`/intakes/${en.intakeId}?done=opted_out`);
        expect(twilioApi.to(addresses.en)).toHaveLength(count);
      } finally {
        await app.parts.store.setOptOut(addresses.en, false, new Date().toISOString());
      }
    });

    it('does not talk over a colleague holding the conversation', async () => {
      const count = twilioApi.to(addresses.en).length;
      expect(await app.parts.handoffStore.setHold(en.intakeId, { by: bob.id, at: new Date().toISOString() }, null)).toBe(true);
      try {
        const csrf = fieldOf((await annC.get(`/intakes/${en.intakeId}`)).text, 'csrf');
        const res = await annC.post(`/intakes/${en.intakeId}/documents/ask`, { csrf, item: 'treatment_unavailable' });
        expect(res.location).toBe(`/intakes/${en.intakeId}?done=held_by_other`);
        expect(twilioApi.to(addresses.en)).toHaveLength(count);
      } finally {
        expect(await app.parts.handoffStore.setHold(en.intakeId, null, bob.id)).toBe(true);
      }
    });
  });

  describe('the PDF', () => {
    it('lists the documents received per checklist item (counts, kinds, dates), the missing items, and "other" with its description; no file name', async () => {
      const res = await fetch(`${app.url}/intakes/${en.intakeId}.pdf`, { headers: { cookie: annC.cookieHeader() } });
      expect(res.status).toBe(200);
      const { text } = await pdfText(Buffer.from(await res.arrayBuffer()));
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toMatch(/DOCUMENTS RECEIVED Physician letter/i);
      expect(flat).toMatch(/Physician letter[^]*?Files received: 1 PDF, received [A-Z][a-z]{2} \d{1,2}, \d{4}/);
      expect(flat).toMatch(/Proof the treatment is not available at home[^]*?Missing/);
      expect(flat).toContain('HEIC photo, received');
      expect(flat).toContain('Other (the family');
      expect(flat).toContain('passport of Marc');
      expect(flat).toContain('PNG image, received');
      expect(flat).not.toContain('Okafor');
      expect(flat).not.toContain('IMG_2231');
    });
  });

  describe('the API', () => {
    it('lists the checklist and the documents (the contract of the OpenAPI document), audited', async () => {
      const res = await api(`/api/intakes/${en.intakeId}/documents`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as any;
      expect(DocumentsSchema.parse(body)).toEqual(body);
      expect(body.checklist.find((c: { item: string }) => c.item === 'physician_letter')).toEqual({
        item: 'physician_letter',
        name: expect.stringContaining('Physician letter'),
        received: true,
        documents: [letter.id],
      });
      expect(body.checklist.find((c: { item: string }) => c.item === 'treatment_unavailable')).toMatchObject({ received: false, documents: [] });
      expect(body.documents.map((d: { id: string }) => d.id).sort()).toEqual([letter.id, photo.id, heic.id].sort());
      expect(body.documents.find((d: { id: string }) => d.id === photo.id)).toMatchObject({
        item: 'other',
        description: 'passport of Marc',
        kind: 'png',
        contentType: 'image/png',
        source: 'sms',
        reencoded: true,
      });
      const [entry] = (await app.parts.handoffStore.auditLog({ intakeId: en.intakeId, limit: 50 })).filter((e) => e.action === 'api_documents');
      expect(entry).toMatchObject({ actor: 'token:crm', detail: { count: 3 } });
    });

    it('serves one document as an attachment of its stored kind, audited', async () => {
      const res = await api(`/api/intakes/${en.intakeId}/documents/${letter.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(await collect((await app.parts.documents.open(en.intakeId, letter.id))!.content))).toBe(true);
      const [entry] = (await app.parts.handoffStore.auditLog({ intakeId: en.intakeId, limit: 50 })).filter((e) => e.action === 'api_document');
      expect(entry).toMatchObject({ actor: 'token:crm', detail: { item: 'physician_letter', document: letter.id } });
    });

    it("answers 401 without a token, 404 for another intake's document or an unknown intake", async () => {
      expect((await api(`/api/intakes/${en.intakeId}/documents`, { token: null })).status).toBe(401);
      expect((await api(`/api/intakes/${en.intakeId}/documents/${letter.id}`, { token: null })).status).toBe(401);
      for (const path of [
        `/api/intakes/${en.intakeId}/documents/${elsewhere.id}`,
        `/api/intakes/${third.intakeId}/documents/${letter.id}`,
        `/api/intakes/nope/documents`,
      ]) {
        const res = await api(path);
        expect([path, res.status]).toEqual([path, 404]);
        expect(((await res.json()) as any).error.code).toBe('not_found');
      }
    });
  });

  describe('the notices of new documents', () => {
    /** The new documents notices delivered so far: emails and webhook calls. */
    const emails = () => smtp.to('intake@firm.test').filter((m) => m.subject.startsWith('New documents for'));
    const calls = () => hook.requests.filter((r) => r.headers['x-intake-event'] === 'documents');

    it('tells the inbox and the webhook which checklist items got files, several files of a minute in one notice, never a file name', async () => {
      // Everything received so far, then two files at once for the French family.
      await app.parts.handoff.tick(new Date(Date.now() + 120_000));
      const [emailsBefore, callsBefore] = [emails().length, calls().length];
      // Two files sent together (well inside one minute, so that they share its window).
      while (new Date().getUTCSeconds() > 45) await new Promise((r) => setTimeout(r, 1000));
      const a = await receive(fr.intakeId, 'physician_letter', await pdf('Lettre du médecin'), { fileName: 'lettre Dr Okafor.pdf' });
      const b = await receive(fr.intakeId, 'other', await png(20, 20), { fileName: 'IMG_9999 carte.png', description: 'carte santé' });
      expect(a.receivedAt.slice(0, 16)).toBe(b.receivedAt.slice(0, 16));
      // Not before the minute is over.
      await app.parts.handoff.tick(new Date(Date.parse(a.receivedAt) + 1_000));
      expect(emails()).toHaveLength(emailsBefore);
      await app.parts.handoff.tick(new Date(Date.parse(a.receivedAt) + 61_000));
      await app.parts.handoff.tick(new Date(Date.parse(a.receivedAt) + 62_000));
      const mails = emails().slice(emailsBefore);
      expect(mails).toHaveLength(1);
      const mail = mails[0];
      expect(mail.subject).toBe(`New documents for ${fr.reference}`);
      expect(mail.text).toContain('Physician letter');
      expect(mail.text).toContain('Other documents (described by the family) (files: 1)');
      expect(mail.text).toContain('(files: 2)');
      expect(mail.text).toContain(`/intakes/${fr.intakeId}`);
      const posted = calls().slice(callsBefore);
      expect(posted).toHaveLength(1);
      const notice = JSON.parse(posted[0].body);
      expect(notice).toEqual({
        schemaVersion: 1,
        intakeId: fr.intakeId,
        reference: fr.reference,
        receivedFrom: expect.any(String),
        receivedUntil: expect.any(String),
        items: [
          { item: 'physician_letter', name: expect.stringContaining('Physician letter'), count: 1 },
          { item: 'other', name: 'Other documents (described by the family)', count: 1 },
        ],
      });
      expect(posted[0].headers['x-intake-signature']).toEqual(expect.any(String));
      for (const text of [mail.raw, posted[0].body]) {
        for (const secret of ['Okafor', 'IMG_9999', 'carte', 'lettre', '.png', '.pdf']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
      }
      // Delivered once: audited, and the intake page lists the notice.
      expect((await audits(fr.intakeId, 'documents_notified')).length).toBe(1);
      expect((await annC.get(`/intakes/${fr.intakeId}`)).text).toContain('new documents notice');
    });

    it("told the inbox of the English intake's three files too, without their names", async () => {
      const mail = emails().find((m) => m.subject === `New documents for ${en.reference}`);
      expect(mail).toBeDefined();
      expect(mail!.raw).not.toContain('Okafor');
      expect(mail!.raw).not.toContain('IMG_');
      expect(mail!.raw).not.toContain('passport');
    });
  });
});
