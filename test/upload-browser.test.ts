/**
 * The family's ways in, in Chromium on a phone-sized screen (390 x 844): a family who completed
 * their intake by SMS opens the link they were sent and uploads a physician letter and a passport
 * photo against their checklist items (with script: file by file, with progress; without script:
 * the plain form post); and a web chat family attaches a file with our widget's attach button.
 * Each lands in the document desk. The page's CSP lets nothing else run: the console stays clean.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { widgetCatalogs } from '../src/web/bundle';
import { REFERENCE } from './scripts.reference';
import { launchChromium } from './support/browser';
import { jpegWithGps, pdf } from './support/document-files';
import { startTestServer, type TestServer } from './support/server';
import { nextSmsNumber, smsIntake } from './support/sms-intake';

jest.setTimeout(300_000);

const PHONE = { width: 390, height: 844 };
const labels = widgetCatalogs();

/** The little of the DOM the in-page checks use (the tests type-check without the DOM lib). */
interface El {
  scrollWidth: number;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}
declare const document: { documentElement: El; body: El; getElementById(id: string): (El & { shadowRoot: El | null }) | null };

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the upload page on a phone, and the widget attach button', () => {
  let app: TestServer;
  let browser: Browser;
  let link: string;
  let intakeId: string;

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchChromium();
    const done = await smsIntake(app, nextSmsNumber(), REFERENCE.en);
    intakeId = done.intakeId;
    link = /https?:\/\/\S+\/documents\/[\w-]+\.[\w-]+/.exec(done.replies.at(-1)!.join(' '))![0];
  }, 120_000);
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.close();
  });

  async function phone(o: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US', ...o });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    return { context, page, problems };
  }

  it('uploads a physician letter and a passport photo against their items, with progress, on a phone-sized page', async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto(link);
      await expect(page.title()).resolves.toBe('Send your documents');
      // Made for the phone: nothing wider than the screen.
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
      const letterLabel = app.parts.documentWords.item('en', 'physician_letter');
      await expect(page.getByRole('group', { name: letterLabel }).count()).resolves.toBe(1);

      await page
        .getByRole('group', { name: letterLabel })
        .getByLabel('Choose a file or take a photo')
        .setInputFiles({ name: 'physician-letter.pdf', mimeType: 'application/pdf', buffer: await pdf('Physician letter') });
      const other = page.getByRole('group', { name: app.parts.documentWords.item('en', 'other') });
      await other.getByLabel('What is it? (a few words)').fill('Passport photo');
      await other.getByLabel('Choose a file or take a photo').setInputFiles({ name: 'passport.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps() });
      await page.getByRole('button', { name: 'Send the documents' }).click();
      await page.waitForFunction(() => document.body.getAttribute('data-uploaded') === 'yes');

      const docs = await app.parts.documents.list(intakeId);
      expect(docs.map((d) => [d.item, d.kind, d.source])).toEqual([
        ['physician_letter', 'pdf', 'link'],
        ['other', 'jpeg', 'link'],
      ]);
      expect(docs[1].description).toBe('Passport photo');
      // The page says what was received, by item, and each bar reached its end.
      const received = await page.evaluate(() => document.getElementById('received')?.textContent ?? '');
      expect(received).toContain('physician-letter.pdf');
      expect(received).toContain('passport.jpg');
      const bars = await page.evaluate(() =>
        Array.from(document.documentElement.querySelectorAll('progress:not([hidden])')).map((b) => b.getAttribute('value')),
      );
      expect(bars).toEqual(['100', '100']);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works without script: the plain form post, and the page it answers with', async () => {
    const { context, page, problems } = await phone({ javaScriptEnabled: false });
    try {
      const before = (await app.parts.documents.list(intakeId)).length;
      await page.goto(link);
      const letter = page.getByRole('group', { name: app.parts.documentWords.item('en', 'physician_letter') });
      await letter
        .getByLabel('Choose a file or take a photo')
        .setInputFiles({ name: 'page-two.pdf', mimeType: 'application/pdf', buffer: await pdf('Page two') });
      await page.getByRole('button', { name: 'Send the documents' }).click();
      await page.waitForURL(link);
      await expect(page.getByText('Received: 1 file.').count()).resolves.toBe(1);
      expect(await app.parts.documents.list(intakeId)).toHaveLength(before + 1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a web chat family attaches a PDF with the widget's attach button", async () => {
    const { context, page, problems } = await phone();
    try {
      await page.goto(app.url);
      await page.getByRole('button', { name: labels.en.launcher }).click();
      const last = () => page.locator('.log > .msg').last();
      await until('the consent question', async () => (await page.locator('.log > .msg.bot').count()) > 0);
      // Agree, then the first answers: the intake is kept once the notice is accepted.
      for (const line of ['yes', 'no']) {
        const before = await page.locator('.log > .msg').count();
        await last()
          .getByRole('button', { name: line === 'yes' ? 'Yes' : 'No', exact: true })
          .click();
        await until(`the reply to ${line}`, async () => (await page.locator('.log > .msg').count()) > before + 1);
      }
      await page.getByRole('button', { name: labels.en.attach }).waitFor();
      const record = await until('the conversation', async () => {
        const convs = await Promise.all([app.parts.store.dueForInactivity(new Date(Date.now() + 86_400_000).toISOString())]);
        return convs[0].find((c) => c.channel === 'webchat') ?? null;
      });
      const chatIntake = record.intakeId ?? app.parts.engine.contextOf(record.snapshot).intakeId;
      await page.locator('input[type=file]').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: await pdf('Letter') });
      const docs = await until('the PDF in the desk', async () => {
        const list = await app.parts.documents.list(chatIntake);
        return list.length ? list : null;
      });
      expect(docs).toEqual([expect.objectContaining({ item: 'other', kind: 'pdf', source: 'webchat' })]);
      await until('the acknowledgement', async () => ((await last().textContent()) ?? '').includes('Thank you, we received letter.pdf.'));
      await expect(page.locator('.log > .msg.user.file').last().textContent()).resolves.toContain('letter.pdf');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
