/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) on a phone-sized
 * screen: an attorney signs in, opens the queue, opens an intake, claims it and downloads its PDF.
 * Screenshots go to artifacts/ for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { IntakeContext } from '../dialogs/context';
import { projectRoot } from '../src/paths';
import type { Attorney } from '../src/store/account-store';
import type { Summary } from '../src/summary/contract';
import { REFERENCE } from './scripts.reference';
import { createAttorney, PASSWORD } from './support/attorneys';
import { pdfText } from './support/pdf-text';
import { startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';

jest.setTimeout(240_000);

const PHONE = { width: 390, height: 844 };
const ARTIFACTS = join(projectRoot(), 'artifacts');

/** What the page's checks read; the tests type-check without the DOM lib. */
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

async function converseSms(app: TestServer, address: string, lines: string[], start: Date): Promise<Summary> {
  for (const [i, text] of lines.entries()) {
    await app.parts.service.receive({
      channel: 'sms',
      address,
      id: `SMb${address.slice(1)}${i}`,
      at: new Date(start.getTime() + i * 60_000).toISOString(),
      text,
      media: [],
    });
  }
  const record = await app.parts.store.findConversation({ channel: 'sms', address });
  const ctx = (record!.snapshot as unknown as { context: IntakeContext }).context;
  return (await app.parts.store.getIntake(ctx.intakeId))!;
}

/** Nothing wider than the screen: no sideways scrolling on a phone. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

describe('the dashboard on a phone', () => {
  let app: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ann: Attorney;
  let intake: Summary;
  let urgent: Summary;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await startTestServer();
    ann = await createAttorney(app.parts.accounts, { name: 'Ann Lee', email: 'ann.lee@example.com' });
    intake = await converseSms(app, '+14165553001', REFERENCE.fr, new Date('2026-11-27T15:00:00Z'));
    urgent = await converseSms(app, '+14165553002', ['Hello', 'yes', 'no', 'at the border now', 'Marie Tremblay'], new Date('2026-11-28T06:00:00Z'));
    await converseSms(app, '+14165553003', REFERENCE.en, new Date('2026-11-27T12:00:00Z'));
    await app.parts.handoff.tick(new Date('2026-11-28T06:10:00Z'));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US', acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await app?.close();
  });

  it('signs in, from the queue link, on a phone', async () => {
    // Anything the browser refused or could not load (the browser's own favicon request aside).
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${app.url}/intakes`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-login.png') });
    await page.getByLabel('Email').fill(ann.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await page.waitForURL(`${app.url}/intakes`);
    await expect(page.getByText('Signed in as Ann Lee').isVisible()).resolves.toBe(true);
    // The CSP allows no script and the pages need none: nothing was refused.
    expect(errors).toEqual([]);
  });

  it('shows the queue: the escalation first, then the intakes, readable without zooming', async () => {
    await expect(page.locator('#escalations').getByText(urgent.reference).isVisible()).resolves.toBe(true);
    const rows = await page
      .locator('#intakes > li')
      .evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { reference: string } }).dataset.reference));
    expect(rows[0]).toBe(urgent.reference);
    expect(rows).toContain(intake.reference);
    await expectNoSidewaysScroll(page);
    // Tap targets: the buttons are at least 44 px high.
    const ack = await page.getByRole('button', { name: 'Acknowledge' }).boundingBox();
    expect(ack!.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-queue.png'), fullPage: true });
  });

  it('opens an intake, claims it, and shows who claimed it', async () => {
    await page.locator(`#intakes a.row:has-text("${intake.reference}")`).tap();
    await page.waitForURL(`${app.url}/intakes/${intake.intakeId}`);
    await expect(page.locator('#reference').textContent()).resolves.toBe(intake.reference);
    await expect(page.getByText("Il a une leucémie et a besoin d'une greffe de moelle osseuse").first().isVisible()).resolves.toBe(true);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-intake-top.png') });

    await page.getByRole('button', { name: 'Claim' }).tap();
    await page.waitForURL(/done=claimed/);
    await expect(page.locator('#claimed').textContent()).resolves.toBe('Claimed by Ann Lee (you)');
    await expect(page.locator('#flash').textContent()).resolves.toBe('You claimed this intake.');
    expect(await app.parts.handoffStore.getHandling(intake.intakeId)).toMatchObject({ status: 'claimed', claimedBy: ann.id });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-intake.png'), fullPage: true });
    // The long page in pieces a person can look at.
    for (const section of ['flags', 'contact', 'request', 'history', 'escalations', 'transcript']) {
      await page.locator(`#${section}`).scrollIntoViewIfNeeded();
      await page.evaluate(
        (id) => (document as unknown as { getElementById(x: string): { scrollIntoView(): void } }).getElementById(id).scrollIntoView(),
        section,
      );
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-intake-${section}.png`) });
    }
  });

  it('downloads the PDF of the intake', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).tap()]);
    expect(download.suggestedFilename()).toBe(`${intake.reference}.pdf`);
    const file = readFileSync((await download.path())!);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text } = await pdfText(file);
    expect(text).toContain(intake.reference);
    expect(text).toContain('Marc Tremblay');
  });
});
