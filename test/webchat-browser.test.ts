/**
 * Microsoft's Web Chat (botframework-webchat 4.18, its UMD bundle as it ships) against the real
 * server, in Chromium, from a page on another origin (the firm's site: another host name and
 * port), with the firm's site in WEBCHAT_ALLOWED_ORIGINS. The page is the README's Web Chat
 * snippet, read from the README: what a firm copies is what runs here. A family completes the
 * reference intake by typing and clicking suggested actions, with Web Chat's default options (its
 * WebSocket at the streamUrl) and with `webSocket: false` (polling, the snippet's commented line);
 * halfway, a reload resumes the conversation with the history shown again. The browser console
 * must stay free of errors throughout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { dirname, join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../src/paths';
import { REFERENCE } from './scripts.reference';
import { launchChromium } from './support/browser';
import { pdf } from './support/document-files';
import { freePort, startTestServer, type TestServer } from './support/server';

jest.setTimeout(300_000);

/** The README's snippet: the html block between its markers, with the address a firm replaces. */
function readmeSnippet(): { html: string; placeholder: string; cdn: string } {
  const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
  const block = /<!-- webchat-snippet[^>]*-->\s*```html\n([\s\S]*?)```\s*<!-- \/webchat-snippet -->/.exec(readme);
  if (!block) throw new Error('README.md has no Web Chat snippet between <!-- webchat-snippet --> markers');
  const cdn = /<script src="(https:\/\/cdn\.botframework\.com\/[^"]+\/webchat\.js)"><\/script>/.exec(block[1]);
  if (!cdn) throw new Error('the snippet does not load Web Chat from its CDN');
  return { html: block[1], placeholder: 'https://intake.example.com', cdn: cdn[1] };
}

/** Web Chat's bundle from node_modules (its package's `exports` hide dist/ and package.json), served in place of the CDN's. */
function webChatBundle(): string {
  for (let dir = dirname(require.resolve('botframework-webchat')); dir !== dirname(dir); dir = dirname(dir)) {
    const bundle = join(dir, 'dist', 'webchat.js');
    if (existsSync(join(dir, 'package.json')) && existsSync(bundle)) return bundle;
  }
  throw new Error('botframework-webchat/dist/webchat.js not found: is botframework-webchat installed?');
}
const WEBCHAT_JS = webChatBundle();

/**
 * The little of the DOM the in-page checks use: the project type-checks its tests without the DOM
 * lib, and these functions run in the browser, not here.
 */
interface El {
  classList: { contains(name: string): boolean };
  textContent: string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}
declare const document: El;
declare const sessionStorage: { getItem(key: string): string | null };

interface Shown {
  who: 'bot' | 'user';
  text: string;
}

/**
 * What Web Chat shows once it shows `n` activities, none still sending or failed: each activity,
 * who said it and its text (without the zero-width spaces its markdown puts around a link). False
 * until then. Runs in the page.
 */
function shownIfSettled(n: number): Shown[] | false {
  const all = Array.from(document.querySelectorAll('.webchat__basic-transcript__activity'));
  if (all.length !== n || document.querySelector('.webchat__activity-status--sending')) return false;
  if (/Send failed/.test(document.querySelector('.webchat__basic-transcript')?.textContent ?? '')) return false;
  return all.map((a) => ({
    who: (a.querySelector('.webchat__bubble--from-user') ? 'user' : 'bot') as 'bot' | 'user',
    text: (a.querySelector('.webchat__bubble__content')?.textContent ?? '').replace(/[\u200b-\u200d\ufeff]/g, '').trim(),
  }));
}

async function until<T>(what: string, check: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Titles of the suggested actions offered now. */
function suggestedActions(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('.webchat__suggested-actions__button')).map((b) => (b.textContent ?? '').trim()));
}

describe("Microsoft's Web Chat, as it ships, on the firm's site", () => {
  let app: TestServer;
  let site: HttpServer;
  let siteUrl: string;
  let browser: Browser;
  const snippet = readmeSnippet();

  /** The firm's page: the README snippet, `variant` applied (the polling line uncommented). */
  let pageHtml = '';

  beforeAll(async () => {
    const sitePort = await freePort();
    // Another origin than the server's (127.0.0.1 and its port): another host name and port.
    siteUrl = `http://localhost:${sitePort}`;
    site = createHttpServer((req, res) => {
      if (req.url === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(pageHtml);
    });
    await new Promise<void>((resolve) => site.listen(sitePort, '127.0.0.1', resolve));
    app = await startTestServer({ WEBCHAT_ALLOWED_ORIGINS: siteUrl });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await new Promise((resolve) => site?.close(resolve));
    await app?.close();
  });

  async function storedTranscript(conversationId: string) {
    const record = await app.parts.store.findConversation({ channel: 'webchat', address: conversationId });
    return record ? app.parts.store.transcript(record.id) : [];
  }

  /**
   * Waits until the store holds the family's `sent` messages (and their replies, committed with
   * them), and Web Chat shows that whole conversation: every activity, none sending or failed.
   */
  async function settled(page: Page, conversationId: string, sent: number): Promise<Shown[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (Date.now() > deadline) {
        const count = await page.evaluate(() => document.querySelectorAll('.webchat__basic-transcript__activity').length);
        throw new Error(
          `Web Chat never showed the conversation after ${sent} messages: ${count} activities shown, ${(await storedTranscript(conversationId)).length} stored`,
        );
      }
      const stored = await storedTranscript(conversationId);
      if (stored.filter((e) => e.direction === 'in').length < sent) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const shown = await page
        .waitForFunction(shownIfSettled, stored.length, { timeout: 2_000 })
        .then((handle) => handle.jsonValue() as Promise<Shown[]>)
        .catch(() => null);
      // The store may have moved on meanwhile: look again.
      if (shown && (await storedTranscript(conversationId)).length === stored.length) return shown;
    }
  }

  it.each([
    ['its default options (a WebSocket)', 'websocket'],
    ['webSocket: false (polling)', 'polling'],
  ])('completes the reference intake with %s, resumes it after a reload, and logs no error', async (_how, mode) => {
    const polling = mode === 'polling';
    const line = '// webSocket: false,';
    expect(snippet.html).toContain(line);
    pageHtml = [
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A firm</title></head><body><h1>A firm</h1>',
      snippet.html.replace(snippet.placeholder, app.url).replace(line, polling ? 'webSocket: false,' : line),
      '</body></html>',
    ].join('\n');
    expect(pageHtml.split(snippet.placeholder)).toHaveLength(1);

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    const sockets: string[] = [];
    const polls: string[] = [];
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('websocket', (ws) => sockets.push(ws.url()));
      page.on('request', (r) => {
        if (r.method() === 'GET' && /\/activities\?watermark=/.test(r.url())) polls.push(r.url());
      });
      await page.route(snippet.cdn, (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: readFileSync(WEBCHAT_JS) }));

      await page.goto(`${siteUrl}/`);
      const conversation = async () =>
        (JSON.parse((await page.evaluate(() => sessionStorage.getItem('intake-chat'))) ?? 'null') as { conversationId: string } | null)?.conversationId ?? null;
      // The snippet keeps the conversation in sessionStorage once it has its token.
      await page.waitForFunction(() => sessionStorage.getItem('intake-chat') !== null);
      const conversationId = (await conversation())!;
      expect(conversationId).toMatch(/^[\w-]{24}$/);
      // The assistant greets in the browser's language, with the consent question: no "which language?".
      let shown = await settled(page, conversationId, 0);
      expect(shown.length).toBeGreaterThan(0);
      expect(await suggestedActions(page)).toEqual(['Yes', 'No']);
      const greeting = await storedTranscript(conversationId);
      expect(greeting.map((e) => e.rendered?.key)).toContain('q.consent.prompt');
      expect(greeting.map((e) => e.rendered?.key)).not.toContain('q.language.prompt');

      // On web chat the assistant speaks first, so the opening "Hello" answers nothing: it is left
      // out. Web chat knows no phone number: it is asked after the documents.
      const lines = REFERENCE.en.slice(1);
      lines.splice(lines.indexOf('passport, doctor letter, police check') + 1, 0, '716 555 0199');
      const reloadAfter = lines.indexOf('Peace Bridge');
      let clicked = 0;
      let typed = 0;
      for (const [i, text] of lines.entries()) {
        const offered = await suggestedActions(page);
        const action = offered.find((title) => title.toLowerCase() === text.toLowerCase());
        if (action) {
          await page
            .locator('.webchat__suggested-actions__button')
            .filter({ hasText: new RegExp(`^${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
            .click();
          clicked++;
        } else {
          const box = page.getByRole('textbox', { name: 'Message input box' });
          await box.click();
          await box.fill(text);
          await box.press('Enter');
          typed++;
        }
        const before = shown.length;
        shown = await settled(page, conversationId, i + 1);
        expect(shown.length).toBeGreaterThan(before + 1);
        expect(shown.filter((s) => s.who === 'user').at(-1)!.text).toBe(action ?? text);
        expect(shown.at(-1)!.who).toBe('bot');

        if (i === reloadAfter) {
          // Back on the page (a reload): the same conversation, its history shown again.
          await page.reload();
          const again = await settled(page, conversationId, i + 1);
          expect(await conversation()).toBe(conversationId);
          expect(again).toEqual(shown);
          shown = again;
        }
      }

      expect(clicked).toBeGreaterThan(10);
      expect(typed).toBeGreaterThan(10);
      // Every message once, in order, as the family sent it.
      expect(shown.filter((s) => s.who === 'user').map((s) => s.text.toLowerCase())).toEqual(lines.map((l) => l.toLowerCase()));
      const record = await app.parts.store.findConversation({ channel: 'webchat', address: conversationId });
      const intakeId = (record!.snapshot as unknown as { context: { intakeId: string } }).context.intakeId;
      const summary = await app.parts.store.getIntake(intakeId);
      expect(summary).toMatchObject({ status: 'complete', reference: expect.stringMatching(/^HP-/), language: 'en' });
      expect(summary!.contact).toMatchObject({ name: 'Marc Tremblay', phone: '+17165550199', email: 'marc@example.com' });
      // The reference, then what happens next, then the link to send documents, as the family sees them.
      expect(shown.at(-3)!.text).toContain(summary!.reference!);
      expect(shown.at(-2)!.text).toMatch(/^What happens next/);
      expect(shown.at(-1)!.text).toContain(`${app.url}/documents/`);
      const keys = (await storedTranscript(conversationId)).flatMap((e) => (e.rendered ? [e.rendered.key] : []));
      expect(keys.filter((k) => k.startsWith('reprompt.') || k.endsWith('.reprompt'))).toEqual([]);

      // The mode it ran in: the stream (no polling at all), or polling (no socket).
      const streamPath = `/v3/directline/conversations/${conversationId}/stream?`;
      if (polling) {
        expect(sockets).toEqual([]);
        expect(polls.length).toBeGreaterThan(lines.length);
      } else {
        expect(sockets.length).toBeGreaterThanOrEqual(2); // one per page load
        expect(sockets.every((u) => u.startsWith(`${app.url.replace(/^http/, 'ws')}${streamPath}`))).toBe(true);
        expect(polls).toEqual([]);
      }
      // A PDF through Web Chat's own attach button: kept with the intake, and acknowledged.
      const before = shown.length;
      await page
        .locator('.webchat__upload-button input[type=file]')
        .setInputFiles({ name: 'physician-letter.pdf', mimeType: 'application/pdf', buffer: await pdf('Physician letter') });
      // Web Chat 4.18 holds the file in its send box until Send (sendAttachmentOn: 'send').
      await page.locator('.webchat__send-button').click();
      const docs = await until('the PDF in the desk', async () => {
        const list = await app.parts.documents.list(intakeId);
        return list.length ? list : null;
      });
      expect(docs).toEqual([expect.objectContaining({ item: 'other', kind: 'pdf', source: 'webchat' })]);
      shown = await settled(page, conversationId, lines.length + 1);
      expect(shown.length).toBe(before + 2);
      expect(shown.at(-1)).toEqual({ who: 'bot', text: 'Thank you, we received physician-letter.pdf. An attorney will look at it.' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
