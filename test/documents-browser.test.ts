/**
 * The documents on the intake page in a real browser (Debian's Chromium through playwright-core)
 * on a phone-sized screen: the checklist with what was received and what is missing, an image's
 * preview loaded under the page's CSP, nothing wider than the screen, tap targets big enough; the
 * attorney downloads a file and asks the family for a missing item with a tap. Screenshots go to
 * artifacts/ for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { IntakeContext } from '../dialogs/context';
import { projectRoot } from '../src/paths';
import type { DocumentInfo } from '../src/documents/contract';
import type { Attorney } from '../src/store/account-store';
import type { Summary } from '../src/summary/contract';
import { REFERENCE } from './scripts.reference';
import { createAttorney, PASSWORD } from './support/attorneys';
import { launchChromium } from './support/browser';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { pdf, pieces, png } from './support/document-files';
import { startTestServer, type TestServer } from './support/server';

jest.setTimeout(240_000);

const PHONE = { width: 390, height: 844 };
const ARTIFACTS = join(projectRoot(), 'artifacts');
const ADDRESS = '+14165553101';

/** What the page's checks read; the tests type-check without the DOM lib. */
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(s: string): ArrayLike<{ naturalWidth: number; complete: boolean }>;
};

describe('the documents on the intake page, on a phone', () => {
  let app: TestServer;
  let twilioApi: FakeTwilio;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ann: Attorney;
  let intake: Summary;
  let letter: DocumentInfo;
  let photo: DocumentInfo;
  /** Anything the browser refused or could not load (the browser's own favicon request aside). */
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    twilioApi = await startFakeTwilio();
    app = await startTestServer({ TWILIO_API_URL: twilioApi.url });
    ann = await createAttorney(app.parts.accounts, { name: 'Ann Lee', email: 'ann.docs@example.com' });
    for (const [i, text] of REFERENCE.en.entries()) {
      await app.parts.service.receive({
        channel: 'sms',
        address: ADDRESS,
        id: `SMdb${i}`,
        at: new Date(Date.parse('2026-11-27T15:00:00Z') + i * 60_000).toISOString(),
        text,
        media: [],
      });
    }
    const record = await app.parts.store.findConversation({ channel: 'sms', address: ADDRESS });
    intake = (await app.parts.store.getIntake((record!.snapshot as unknown as { context: IntakeContext }).context.intakeId))!;
    const receive = async (item: string, bytes: Buffer, o: { fileName: string; description?: string }) => {
      const r = await app.parts.documents.receive({ intakeId: intake.intakeId, item, source: 'link', content: pieces(bytes), ...o });
      if (!r.ok) throw new Error(`the desk refused a sample file: ${r.refusal}`);
      return r.document;
    };
    letter = await receive('physician_letter', await pdf('Physician letter for Marc Tremblay'), {
      fileName: 'a-very-long-file-name-from-a-scanner-app-without-any-spaces-in-it-2026-12-07.pdf',
    });
    photo = await receive('other', await png(1200, 900), { fileName: 'passport.png', description: 'Photo of the passport page' });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US', acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${app.url}/intakes/${intake.intakeId}`);
    await page.getByLabel('Email').fill(ann.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await page.waitForURL(`${app.url}/intakes/${intake.intakeId}`);
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await app?.close();
    await twilioApi?.close();
  });

  it('shows what was received and what is missing, the image previewed, readable without zooming', async () => {
    const card = page.locator('#evidence');
    await card.scrollIntoViewIfNeeded();
    await expect(card.locator('#item-physician_letter .state').textContent()).resolves.toBe('Received');
    await expect(card.locator('#item-treatment_unavailable .state').textContent()).resolves.toBe('Missing');
    await expect(card.getByText('Photo of the passport page').isVisible()).resolves.toBe(true);
    // The preview is loaded (same origin, allowed by the page's CSP), and no wider than the screen.
    const thumb = card.locator(`#other-documents img`);
    await thumb.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#other-documents img')).every((img) => img.complete && img.naturalWidth > 0));
    const box = (await thumb.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(PHONE.width);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    // Tap targets: the buttons and the file links are at least 44 px high.
    for (const target of [
      card.getByRole('button', { name: 'Ask the family for it' }).first(),
      card.getByRole('link', { name: 'Download' }).first(),
      card.getByRole('link', { name: 'Open PDF' }),
    ]) {
      expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    await card.screenshot({ path: join(ARTIFACTS, 'dashboard-intake-documents.png') });
    expect(errors).toEqual([]);
    // The preview was served to this attorney: audited.
    const previews = (await app.parts.handoffStore.auditLog({ intakeId: intake.intakeId, limit: 100 })).filter((e) => e.action === 'previewed_document');
    expect(previews.map((e) => e.detail.document)).toContain(photo.id);
  });

  it("downloads the PDF with a name of the firm's making", async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-document="${letter.id}"]`).getByRole('link', { name: 'Download' }).tap(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${intake.reference}-physician_letter-[A-Za-z0-9_-]{1,8}\\.pdf$`));
    const file = readFileSync((await download.path())!);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('asks the family for a missing item with a tap: the family gets the link, the page says so', async () => {
    await page.locator('#item-treatment_unavailable').getByRole('button', { name: 'Ask the family for it' }).tap();
    await page.waitForURL(/done=asked/);
    await expect(page.locator('#flash').textContent()).resolves.toBe('A fresh upload link was sent to the family, naming the item.');
    const sent = twilioApi.to(ADDRESS).at(-1)!;
    expect(sent.body).toContain(app.parts.documentWords.item('en', 'treatment_unavailable'));
    expect(sent.body).toMatch(/\/documents\/\S+$/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-intake-asked.png') });
    expect(errors).toEqual([]);
  });
});
