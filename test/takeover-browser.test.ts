/**
 * Taking over from a phone, in a real browser (Debian's Chromium through playwright-core): an
 * attorney opens an SMS intake, takes the conversation, writes to the family (it leaves through
 * the local fake of Twilio's REST API), reads the family's reply as it appears on the page without
 * reloading it (the page's one same-origin script, within its CSP), and hands back (the question
 * the family was on goes out). Screenshots go to artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { IntakeContext } from '../dialogs/context';
import { projectRoot } from '../src/paths';
import type { Attorney } from '../src/store/account-store';
import { createAttorney, PASSWORD } from './support/attorneys';
import { launchChromium } from './support/browser';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { startTestServer, TEST_TWILIO, type TestServer } from './support/server';
import { inboundSmsParams, postSignedToTwilioRoute } from './support/twilio-params';

jest.setTimeout(240_000);

const PHONE = { width: 390, height: 844 };
const ARTIFACTS = join(projectRoot(), 'artifacts');
const FIRM_NUMBER = '+17165550100';
const FAMILY = '+14165554001';

/** What the page's checks read; the tests type-check without the DOM lib. */
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

let sid = 0;
/** A text from the family, signed as Twilio signs it; the assistant's answers (TwiML messages). */
async function sms(app: TestServer, body: string): Promise<number> {
  const params = inboundSmsParams({
    from: FAMILY,
    to: FIRM_NUMBER,
    sid: 'SM' + (++sid).toString(16).padStart(32, 'b'),
    body,
    accountSid: TEST_TWILIO.accountSid,
  });
  const res = await postSignedToTwilioRoute(app, '/api/sms', params, TEST_TWILIO.authToken);
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/<Message>/g)].length;
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

describe('taking over a conversation on a phone', () => {
  let fake: FakeTwilio;
  let app: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ann: Attorney;
  let intakeId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    fake = await startFakeTwilio();
    app = await startTestServer({ TWILIO_API_URL: fake.url });
    ann = await createAttorney(app.parts.accounts, { name: 'Ann Lee', email: 'ann.takeover@example.com' });
    for (const line of ['Hello', 'yes', 'no']) await sms(app, line);
    const record = await app.parts.store.findConversation({ channel: 'sms', address: FAMILY });
    intakeId = (record!.snapshot as unknown as { context: IntakeContext }).context.intakeId;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    // Anything the browser refused (a CSP violation is a console error) or could not load.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') errors.push(`${r.status()} ${r.url()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await app?.close();
    await fake?.close();
  });

  it('takes over, writes, reads the reply as it comes, and hands back', async () => {
    await page.goto(`${app.url}/intakes/${intakeId}`);
    await page.getByLabel('Email').fill(ann.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await page.waitForURL(`${app.url}/intakes/${intakeId}`);
    await expect(page.locator('#hold-state').textContent()).resolves.toContain('The assistant is talking with the family.');

    await page.getByRole('button', { name: 'Take over the conversation' }).tap();
    await page.locator('#flash').getByText('You hold the conversation').waitFor();
    await expectNoSidewaysScroll(page);

    const words = 'This is Ann Lee, your attorney. I will call you in ten minutes.';
    await page.getByLabel('Message to the family (text message)').fill(words);
    const send = page.getByRole('button', { name: 'Send' });
    expect((await send.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await send.tap();
    await page.locator('#flash').getByText('Message sent to the family.').waitFor();
    expect(fake.to(FAMILY).map((m) => m.body)).toEqual([words]);
    await page.locator('#transcript li.attorney').getByText(words).waitFor();
    await expect(page.locator('#transcript li.attorney .who').textContent()).resolves.toContain('Ann Lee (attorney)');

    // She starts her next message; the family answers meanwhile: the reply appears without a reload,
    // and what she was typing is still there.
    const draft = 'Thank you, talk soon';
    await page.getByLabel('Message to the family (text message)').fill(draft);
    expect(await sms(app, 'OK, I am waiting by the phone')).toBe(0);
    await page.locator('#transcript li.in').getByText('OK, I am waiting by the phone').waitFor();
    await expect(page.getByLabel('Message to the family (text message)').inputValue()).resolves.toBe(draft);
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: join(ARTIFACTS, 'takeover-phone.png'), fullPage: true });

    // Hand back: the question the family was on goes out again.
    await page.getByRole('button', { name: 'Hand back to the assistant' }).tap();
    await page.locator('#flash').getByText('Handed back').waitFor();
    expect(fake.to(FAMILY)).toHaveLength(2);
    await expect(page.locator('#hold-state').textContent()).resolves.toContain('The assistant is talking with the family.');
    expect(await app.parts.handoffStore.getHold(intakeId)).toBeNull();
    // The CSP let the page's own script run and refused nothing.
    expect(errors).toEqual([]);
  });
});
