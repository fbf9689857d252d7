/**
 * The secure upload page (issue 16, items 1 and 7): a family's link opens a page in their
 * language listing their intake's checklist items; files posted against an item land in the
 * document desk; every bad input gets a clear answer, nothing of a refused file is kept, and the
 * server stays up.
 */
import type { Lang } from '../dialogs/context';
import type { DocumentDesk } from '../src/documents/contract';
import { REFERENCE } from './scripts.reference';
import { startTestServer, type TestServer } from './support/server';
import { nextSmsNumber, smsIntake } from './support/sms-intake';
import { BOUNDARY, hugeFileBody, MULTIPART, multipartBody } from './support/multipart';
import { rawRequest } from './support/raw-http';
import { fakeJpeg, jpegWithGps, pdf as pdfFile, png } from './support/document-files';
import { escapeHtml } from '../src/dashboard/html';

/** Up to the medical details: the intake is stored (consent given) and its checklist asks for a physician letter. */
const FIRST_LINES = REFERENCE.en.slice(0, 9);
const FIRST_LINES_FR = REFERENCE.fr.slice(0, 9);

const desk = (app: TestServer): DocumentDesk => app.parts.documents;
/** Words in a file named like a PDF. */
const TEXT_AS_PDF = Buffer.from('this is not a pdf at all, just words\n'.repeat(20));

async function expectUp(app: TestServer) {
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
}

describe('the secure upload page', () => {
  let app: TestServer;
  let PNG: Buffer;
  let intakeId: string;
  let path: string;

  beforeAll(async () => {
    PNG = await png();
    app = await startTestServer({ DOCUMENT_MAX_FILE_MB: '1' });
    ({ intakeId } = await smsIntake(app, nextSmsNumber(), FIRST_LINES));
    path = new URL(app.parts.uploadLinks.uploadLink(intakeId, 'en').url).pathname;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  const linkFor = (id: string, lang: Lang, now?: Date) => new URL(app.parts.uploadLinks.uploadLink(id, lang, now).url).pathname;
  const post = (p: string, body: Buffer, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${p}`, { method: 'POST', headers: { 'Content-Type': MULTIPART, ...headers }, body });

  it('opens in the family language with their checklist items, a strict CSP and no inline script', async () => {
    const res = await fetch(`${app.url}${path}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(app.parts.documentWords.item('en', 'physician_letter'));
    expect(page).toContain('name="physician_letter"');
    expect(page).toContain('name="other"');
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const fr = smsIntake(app, nextSmsNumber(), FIRST_LINES_FR);
    const frPath = linkFor((await fr).intakeId, 'fr');
    const frPage = await (await fetch(`${app.url}${frPath}`)).text();
    expect(frPage).toContain('<html lang="fr">');
    expect(frPage).toContain('Envoyez vos documents');
    expect(frPage).toContain(escapeHtml(app.parts.documentWords.item('fr', 'physician_letter')));
  }, 60_000);

  it('takes a plain form post of a letter against its item and "other" with words, and says what was received', async () => {
    const letter = await pdfFile();
    const body = multipartBody([
      { name: 'physician_letter', filename: 'letter.pdf', type: 'application/pdf', data: letter },
      // Inputs left empty in a plain form post come as empty parts: not files.
      { name: 'treatment_unavailable', filename: '', type: 'application/octet-stream', data: '' },
      { name: 'description', data: 'Hospital bill' },
      { name: 'other', filename: 'bill.png', type: 'image/png', data: PNG },
    ]);
    const before = (await desk(app).list(intakeId)).length;
    const res = await post(path, body);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Received: 2 files.');
    expect(page).toContain('letter.pdf');
    const docs = (await desk(app).list(intakeId)).slice(before);
    expect(docs.map((d) => [d.item, d.kind, d.source])).toEqual([
      ['physician_letter', 'pdf', 'link'],
      ['other', 'png', 'link'],
    ]);
    expect(docs[1].description).toBe('Hospital bill');
    // The page lists them by item.
    const again = await (await fetch(`${app.url}${path}`)).text();
    expect(again).toMatch(/id="received"[\s\S]*letter\.pdf/);
  });

  it('answers JSON to the page script, file by file', async () => {
    const res = await post(
      path,
      multipartBody([{ name: 'physician_letter', filename: 'p2.pdf', type: 'application/pdf', data: await pdfFile('second page') }]),
      { Accept: 'application/json' },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: ['p2.pdf'], refused: [], stopped: null });
  });

  it('refuses an expired link (410), a forged one (403) and a link to no kept intake (404), each with a page in the language', async () => {
    const expired = linkFor(intakeId, 'es', new Date(Date.now() - 8 * 24 * 3600 * 1000));
    const r1 = await fetch(`${app.url}${expired}`, { headers: { 'Accept-Language': 'es' } });
    expect(r1.status).toBe(410);
    expect(await r1.text()).toContain('Este enlace ha vencido');

    const token = path.split('/').pop()!;
    const [payload, mac] = token.split('.');
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), i: 'someone-else' })).toString('base64url');
    const r2 = await fetch(`${app.url}/documents/${other}.${mac}`, { headers: { 'Accept-Language': 'fr-CA,fr;q=0.9' } });
    expect(r2.status).toBe(403);
    expect(await r2.text()).toContain('Ce lien ne fonctionne pas');
    const r3 = await post(`/documents/${other}.${mac}`, multipartBody([{ name: 'physician_letter', filename: 'x.pdf', data: await pdfFile() }]));
    expect(r3.status).toBe(403);

    const r4 = await fetch(`${app.url}${linkFor('00000000-0000-4000-8000-000000000000', 'en')}`);
    expect(r4.status).toBe(404);
    expect(await r4.text()).toContain('We could not find your request');
    await expectUp(app);
  });

  it('refuses a file that is not what it says (words named .pdf): nothing kept, the reason in words', async () => {
    const before = (await desk(app).list(intakeId)).length;
    const res = await post(path, multipartBody([{ name: 'physician_letter', filename: 'letter.pdf', type: 'application/pdf', data: TEXT_AS_PDF }]));
    expect(res.status).toBe(415);
    expect(await res.text()).toContain(app.parts.documentWords.refusal('en', 'type'));
    expect(await desk(app).list(intakeId)).toHaveLength(before);
  });

  it('refuses a file lying about itself (a JPEG magic number and noise): 422, nothing kept', async () => {
    const before = (await desk(app).list(intakeId)).length;
    const res = await post(path, multipartBody([{ name: 'other', filename: 'photo.jpg', type: 'image/jpeg', data: fakeJpeg() }]), {
      Accept: 'application/json',
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { refused: unknown[] }).refused).toEqual([
      expect.objectContaining({ code: 'malformed', message: expect.stringContaining(app.parts.documentWords.refusal('en', 'malformed')) }),
    ]);
    expect(await desk(app).list(intakeId)).toHaveLength(before);
  });

  it('keeps a photo without its location (re-encoded by the desk)', async () => {
    const res = await post(
      path,
      multipartBody([
        { name: 'other', filename: 'passport.jpg', type: 'image/jpeg', data: await jpegWithGps() },
        { name: 'description', data: 'ignored: after the file' },
      ]),
      { Accept: 'application/json' },
    );
    expect(res.status).toBe(200);
    const last = (await desk(app).list(intakeId)).at(-1)!;
    expect(last).toMatchObject({ item: 'other', kind: 'jpeg', reencoded: true, source: 'link' });
    const opened = await desk(app).open(intakeId, last.id);
    const chunks: Buffer[] = [];
    for await (const c of opened!.content) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).includes(Buffer.from('GPS-Leak-Model'))).toBe(false);
  });

  it('refuses an item that is not on the checklist', async () => {
    const before = (await desk(app).list(intakeId)).length;
    const res = await post(path, multipartBody([{ name: 'death_certificate', filename: 'x.pdf', type: 'application/pdf', data: await pdfFile() }]), {
      Accept: 'application/json',
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { refused: unknown[] }).refused).toEqual([expect.objectContaining({ name: 'x.pdf', code: 'unknown_item' })]);
    expect(await desk(app).list(intakeId)).toHaveLength(before);
  });

  it('keeps no path from a file name', async () => {
    const res = await post(
      path,
      multipartBody([{ name: 'physician_letter', filename: '../../etc/passwd.pdf', type: 'application/pdf', data: await pdfFile() }]),
      { Accept: 'application/json' },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { received: string[] }).received).toEqual(['passwd.pdf']);
    const last = (await desk(app).list(intakeId)).at(-1)!;
    expect(last.displayName).not.toMatch(/[\\/]|\.\./);
  });

  it('stops reading an oversize file at the cap and answers 413: nothing of it kept, the rest never read', async () => {
    const before = (await desk(app).list(intakeId)).length;
    const huge = hugeFileBody('physician_letter', 64 * 1024 * 1024);
    const reply = await rawRequest(app.url, { method: 'POST', path, headers: { 'content-type': MULTIPART }, body: huge.stream });
    expect(reply.status).toBe(413);
    expect(reply.body).toContain('too large');
    // Stopped near the 1 MB cap, far from the 64 MB sent.
    expect(huge.read()).toBeLessThan(16 * 1024 * 1024);
    expect(await desk(app).list(intakeId)).toHaveLength(before);
    await expectUp(app);
  });

  it('refuses a declared length over what a post can hold before reading it', async () => {
    const reply = await rawRequest(app.url, {
      method: 'POST',
      path,
      headers: { 'content-type': MULTIPART, 'content-length': String(500 * 1024 * 1024) },
      expectContinue: true,
    });
    expect(reply.status).toBe(413);
    expect(reply.sent).toBe(0);
  });

  it('refuses too many files in one post', async () => {
    const before = (await desk(app).list(intakeId)).length;
    const parts = Array.from({ length: 11 }, (_, i) => ({ name: 'other', filename: `p${i}.png`, type: 'image/png', data: PNG }));
    const res = await post(path, multipartBody(parts), { Accept: 'application/json' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { stopped: string }).stopped).toContain('at most 10 files');
    // The ten before the limit were whole and checked; the eleventh was never read.
    expect((await desk(app).list(intakeId)).length - before).toBeLessThanOrEqual(10);
  });

  it('answers a body cut off in the middle of a file with 400 and keeps nothing of that file', async () => {
    const before = (await desk(app).list(intakeId)).length;
    const whole = multipartBody([{ name: 'physician_letter', filename: 'cut.pdf', type: 'application/pdf', data: await pdfFile() }]);
    const res = await post(path, whole.subarray(0, whole.length - 200), { Accept: 'application/json' });
    expect(res.status).toBe(400);
    expect(await desk(app).list(intakeId)).toHaveLength(before);
    await expectUp(app);
  });

  it('answers a multipart type without a boundary, garbage, or no multipart at all clearly', async () => {
    const r1 = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'multipart/form-data' }, body: 'x' });
    expect(r1.status).toBe(400);
    const r2 = await post(path, Buffer.from('\u0000\u0001 not multipart at all'));
    expect(r2.status).toBe(400);
    const r3 = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
    expect(r3.status).toBe(415);
    const r4 = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': MULTIPART, 'Content-Encoding': 'gzip' },
      body: Buffer.from([0x1f, 0x8b, 0, 0]),
    });
    expect(r4.status).toBe(415);
    await expectUp(app);
  });

  it('serves the page script from this origin', async () => {
    const res = await fetch(`${app.url}/upload-page.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toContain('upload.onprogress');
    expect(BOUNDARY).toBeTruthy();
  });
});
