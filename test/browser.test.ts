/**
 * The website chat in a real browser (Debian's Chromium, driven by playwright-core) against the
 * real server: on a phone-sized screen, a family opens the widget on the firm's page and completes
 * the whole reference intake by tapping buttons and typing, reloading the page halfway through.
 * On a shared device, the next person finds nothing of the last family's conversation unless that
 * family chose to continue later; "end conversation" clears it; an expired token revives nothing.
 */
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { tokenSecret } from '../src/server/keys';
import { widgetCatalogs } from '../src/web/bundle';
import { projectRoot } from '../src/paths';
import { REFERENCE } from './scripts.reference';
import { freePort, startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';

jest.setTimeout(400_000);
/**
 * How long a page may take to show what a step waits for before the step fails: a bound, not a
 * measure. Generous, because `npm run test:stress` runs these pages beside stress-ng on every core.
 */
const WAIT_MS = 60_000;

const PHONE = { width: 390, height: 844 };
const labels = widgetCatalogs();

/**
 * The little of the DOM that the in-page checks use: the project type-checks its tests without the
 * DOM lib, and these functions run in the browser, not here.
 */
interface El {
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  textContent: string | null;
  hidden: boolean;
  disabled: boolean;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  contains(other: El | null): boolean;
}
declare const document: { getElementById(id: string): { shadowRoot: (El & { activeElement: El | null }) | null } | null };
declare function getComputedStyle(element: unknown): { fontSize: string; backgroundColor: string };
interface WebStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  readonly length: number;
  key(i: number): string | null;
}
declare const sessionStorage: WebStorage;
declare const localStorage: WebStorage;

interface Shown {
  who: 'bot' | 'user';
  text: string;
  pending: boolean;
  buttons: { title: string; disabled: boolean }[];
}

interface WidgetState {
  messages: Shown[];
  typing: boolean;
  progress: string | null;
  open: boolean;
}

/** What the widget shows, read from its shadow root. */
function widgetState(page: Page): Promise<WidgetState> {
  return page.evaluate(() => {
    const root = document.getElementById('parole-intake-widget')?.shadowRoot;
    if (!root) return { messages: [], typing: false, progress: null, open: false };
    const messages = Array.from(root.querySelectorAll('.log > .msg')).map((m) => ({
      who: (m.classList.contains('bot') ? 'bot' : 'user') as 'bot' | 'user',
      text: m.querySelector('.bubble')?.textContent ?? '',
      pending: m.classList.contains('pending') || m.classList.contains('failed'),
      // An older message's buttons are unavailable (aria-disabled), not disabled: the chosen one keeps the focus.
      buttons: Array.from(m.querySelectorAll('.actions button')).map((b) => ({
        title: b.textContent ?? '',
        disabled: b.disabled || b.getAttribute('aria-disabled') === 'true',
      })),
    }));
    const progress = root.querySelector('.progress');
    return {
      messages,
      typing: !(root.querySelector('.typing')?.hidden ?? true),
      progress: progress && !progress.hidden ? (progress.querySelector('.ptext')?.textContent ?? null) : null,
      open: !(root.querySelector('[role="dialog"]')?.hidden ?? true),
    };
  });
}

/** Waits until the bot has answered: more messages than before, nothing pending, the bot speaking last. */
async function waitForReply(page: Page, before: number): Promise<WidgetState> {
  await page.waitForFunction((n) => {
    const root = document.getElementById('parole-intake-widget')?.shadowRoot;
    if (!root) return false;
    const all = root.querySelectorAll('.log > .msg');
    const last = all[all.length - 1];
    return (
      all.length > n &&
      !root.querySelector('.log > .msg.pending, .log > .msg.failed') &&
      !!last &&
      last.classList.contains('bot') &&
      !!root.querySelector('.typing')?.hidden
    );
  }, before);
  return widgetState(page);
}

/** Answers as a family would: taps the button when the answer is one, types it otherwise. */
async function answer(page: Page, line: string): Promise<{ state: WidgetState; tapped: boolean }> {
  const before = await widgetState(page);
  const last = before.messages[before.messages.length - 1];
  const button = last?.who === 'bot' ? last.buttons.find((b) => !b.disabled && b.title.toLowerCase() === line.toLowerCase()) : undefined;
  if (button) {
    await page.locator('.log > .msg').last().getByRole('button', { name: button.title, exact: true }).click();
  } else {
    const box = page.getByRole('textbox', { name: labels.en.inputLabel });
    await box.click();
    await box.pressSequentially(line);
    await box.press('Enter');
  }
  const state = await waitForReply(page, before.messages.length);
  const mine = state.messages.filter((m) => m.who === 'user');
  expect(mine[mine.length - 1].text).toBe(button ? button.title : line);
  return { state, tapped: !!button };
}

/** What the widget keeps in the tab's sessionStorage and in localStorage (which outlives the browser). */
function stored(page: Page): Promise<{ session: Record<string, string>; local: Record<string, string> }> {
  return page.evaluate(() => {
    const all = (s: WebStorage) => {
      const out: Record<string, string> = {};
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        if (k !== null && k.startsWith('parole-intake:')) out[k] = s.getItem(k) ?? '';
      }
      return out;
    };
    return { session: all(sessionStorage), local: all(localStorage) };
  });
}

/** The conversation id the widget keeps on the device, wherever it is. */
async function storedConversation(page: Page, key: string): Promise<string | null> {
  const s = await stored(page);
  const raw = s.session[key] ?? s.local[key];
  return raw ? (JSON.parse(raw) as { conversationId: string }).conversationId : null;
}

const userTexts = (state: WidgetState) => state.messages.filter((m) => m.who === 'user').map((m) => m.text);

describe('the website chat on a phone', () => {
  let app: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await app?.close();
  });

  it('opens from the firm page as a full-screen, accessible chat', async () => {
    await page.goto(app.url);
    await expect(page.title()).resolves.toContain('Test Law');
    const launcher = page.getByRole('button', { name: labels.en.launcher });
    await launcher.click();

    const dialog = page.getByRole('dialog', { name: labels.en.title });
    await dialog.waitFor();
    await expect(dialog.getAttribute('aria-modal')).resolves.toBe('false');
    // New messages are announced by a live region of their own (widget-a11y.test.ts), not by the log.
    const log = page.getByRole('log');
    await expect(log.getAttribute('aria-live')).resolves.toBe('off');

    // Focus moved into the panel.
    const focusInPanel = await page.evaluate(() => {
      const root = document.getElementById('parole-intake-widget')?.shadowRoot;
      const panel = root?.querySelector('[role="dialog"]');
      return !!panel && !!root?.activeElement && panel.contains(root.activeElement);
    });
    expect(focusInPanel).toBe(true);

    // Under 480 px the panel fills the screen; the text box is 16 px so iOS does not zoom.
    const box = await dialog.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
    const inputFont = await page.getByRole('textbox', { name: labels.en.inputLabel }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(inputFont).toBeGreaterThanOrEqual(16);

    // The assistant greets, with buttons.
    const state = await waitForReply(page, 0);
    expect(state.messages[state.messages.length - 1].buttons.map((b) => b.title)).toEqual(['Yes', 'No']);

    // Escape closes and gives focus back to the launcher; the launcher opens it again.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const focusOnLauncher = await page.evaluate(() => {
      const root = document.getElementById('parole-intake-widget')?.shadowRoot;
      return root?.activeElement?.classList.contains('launcher') ?? false;
    });
    expect(focusOnLauncher).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
  });

  it('completes the reference intake by tapping and typing, and survives a reload halfway', async () => {
    const lines = [...REFERENCE.en];
    // Web chat knows no phone number: it is asked right after the documents.
    lines.splice(lines.indexOf('passport, doctor letter, police check') + 1, 0, '716 555 0199');
    const reloadAfter = lines.indexOf('Peace Bridge');
    mkdirSync(join(projectRoot(), 'artifacts'), { recursive: true });

    let tapped = 0;
    let typed = 0;
    let state = await widgetState(page);
    for (let i = 0; i < lines.length; i++) {
      const r = await answer(page, lines[i]);
      state = r.state;
      if (r.tapped) tapped++;
      else typed++;

      if (i === reloadAfter) {
        expect(state.progress).toBe('Step 5 of 9');
        await page.screenshot({ path: join(projectRoot(), 'artifacts', 'widget-midway.png') });
        const shown = state.messages.map((m) => [m.who, m.text]);
        await page.reload();
        // The panel opens again by itself and the log is rebuilt from the conversation.
        await page.waitForFunction(
          (n) => (document.getElementById('parole-intake-widget')?.shadowRoot?.querySelectorAll('.log > .msg').length ?? 0) >= n,
          shown.length,
        );
        const rebuilt = await widgetState(page);
        expect(rebuilt.open).toBe(true);
        expect(rebuilt.messages.map((m) => [m.who, m.text])).toEqual(shown);
        expect(rebuilt.progress).toBe(state.progress);
        // Only the newest message's buttons can be used.
        const enabled = rebuilt.messages.flatMap((m, k) => (m.buttons.some((b) => !b.disabled) ? [k] : []));
        expect(enabled.every((k) => k === rebuilt.messages.length - 1)).toBe(true);
        state = rebuilt;
      }
    }

    expect(tapped).toBeGreaterThan(10);
    expect(typed).toBeGreaterThan(10);
    // The reference, then what happens next, then the link to send documents.
    const [sent, next, docs] = state.messages.slice(-3);
    expect([sent.who, next.who, docs.who]).toEqual(['bot', 'bot', 'bot']);
    expect(sent.text).toMatch(/\bHP-[A-Z0-9]+\b/);
    expect(next.text).toMatch(/^What happens next/);
    expect(docs.text).toContain(`${app.url}/documents/`);
    // Every message the family sent is shown once, in order.
    expect(state.messages.filter((m) => m.who === 'user').map((m) => m.text.toLowerCase())).toEqual(lines.map((l) => l.toLowerCase()));
    // Buttons of older messages are disabled.
    expect(state.messages.slice(0, -1).every((m) => m.buttons.every((b) => b.disabled))).toBe(true);

    await page.screenshot({ path: join(projectRoot(), 'artifacts', 'widget-intake.png') });
  });

  it('recovers from an expired token, rate limiting, a lost connection and a conversation that is gone', async () => {
    const fresh = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    try {
      const p = await fresh.newPage();
      p.setDefaultTimeout(WAIT_MS);
      await p.goto(app.url);
      await p.getByRole('button', { name: labels.en.launcher }).click();
      await waitForReply(p, 0);
      await answer(p, 'yes');

      // The server answers the next polls with what can go wrong; everything else is real.
      // 'reconnectExpired' touches only the reconnect a page makes when it loads: a poll still in
      // flight from the page being reloaded must not take the trouble meant for the new one.
      let trouble: 'expired' | 'reconnectExpired' | 'busy' | 'offline' | 'gone' | null = null;
      await p.route('**/v3/directline/conversations/**', async (route) => {
        const request = route.request();
        const isPoll = request.method() === 'GET' && /\/activities(\?|$)/.test(request.url());
        const isReconnect = request.method() === 'GET' && !/\/activities(\?|$)/.test(request.url());
        const now = trouble;
        if (now === 'offline' && isPoll) return route.abort('internetdisconnected');
        if ((now === 'expired' && (isPoll || isReconnect)) || (now === 'reconnectExpired' && isReconnect)) {
          trouble = null;
          return route.fulfill({ status: 403, contentType: 'application/json', body: '{"code":"Forbidden","message":"token expired"}' });
        }
        if (now === 'busy' && isPoll) {
          trouble = null;
          return route.fulfill({ status: 429, headers: { 'Retry-After': '1' }, contentType: 'application/json', body: '{}' });
        }
        if (now === 'gone' && isPoll) {
          trouble = null;
          return route.fulfill({ status: 404, contentType: 'application/json', body: '{"code":"NotFound"}' });
        }
        return route.continue();
      });

      // A 403 on a poll: the token is refreshed and the conversation goes on.
      const refreshed = p.waitForRequest((r) => r.url().endsWith('/v3/directline/tokens/refresh'));
      trouble = 'expired';
      await refreshed;
      await answer(p, 'no');

      // A 429: polling waits as told, then goes on.
      const retried = p.waitForResponse((r) => /\/activities/.test(r.url()) && r.status() === 429);
      trouble = 'busy';
      await retried;
      await answer(p, 'outside the US');

      // No network: a connection error is shown, and goes away when the network is back.
      const status = p.getByRole('status').filter({ hasText: labels.en.connectionError });
      trouble = 'offline';
      await status.waitFor();
      trouble = null;
      await status.waitFor({ state: 'hidden' });

      // After a reload with an expired token, the token is refreshed and the log rebuilt.
      const before = await widgetState(p);
      const refreshedAgain = p.waitForRequest((r) => r.url().endsWith('/v3/directline/tokens/refresh'));
      trouble = 'reconnectExpired';
      await p.reload();
      await refreshedAgain;
      await p.waitForFunction(
        (n) => (document.getElementById('parole-intake-widget')?.shadowRoot?.querySelectorAll('.log > .msg').length ?? 0) >= n,
        before.messages.length,
      );
      expect((await widgetState(p)).messages.map((m) => m.text)).toEqual(before.messages.map((m) => m.text));

      // The conversation is gone: a new one starts, with a fresh greeting and nothing of the old.
      const generated = p.waitForRequest((r) => r.url().endsWith('/v3/directline/tokens/generate'));
      trouble = 'gone';
      await generated;
      await p.waitForFunction(() => {
        const root = document.getElementById('parole-intake-widget')?.shadowRoot;
        const all = root ? Array.from(root.querySelectorAll('.log > .msg')) : [];
        return all.length > 0 && all.every((m) => m.classList.contains('bot')) && !!all[all.length - 1].querySelector('.actions button');
      });
      const restarted = await widgetState(p);
      expect(restarted.messages.some((m) => m.who === 'user')).toBe(false);
    } finally {
      await fresh.close();
    }
  });

  it("embeds in another site's page with one script tag: data-server, data-lang, data-accent", async () => {
    const fresh = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    let site: HttpServer | null = null;
    try {
      const p = await fresh.newPage();
      p.setDefaultTimeout(WAIT_MS);
      // The firm's own site: another origin (another port) whose page has the one-line embed.
      const embed = `<script src="${app.url}/widget.js" data-server="${app.url}" data-lang="fr" data-accent="#7a1f2b" async></script>`;
      const html = `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width"></head><body><h1>A firm</h1>${embed}</body></html>`;
      site = createHttpServer((_req, res) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(html);
      });
      const port = await freePort();
      await new Promise<void>((resolve) => site!.listen(port, '127.0.0.1', resolve));
      await p.goto(`http://localhost:${port}/`);
      const launcher = p.getByRole('button', { name: labels.fr.launcher });
      await expect(launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(122, 31, 43)');
      await launcher.click();
      const greeted = await waitForReply(p, 0);
      expect(greeted.messages[greeted.messages.length - 1].buttons.map((b) => b.title)).toEqual(['Oui', 'Non']);
    } finally {
      await fresh.close();
      await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
    }
  });

  it('switches language: the widget relabels itself and the assistant answers in French', async () => {
    const fresh = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    try {
      const p = await fresh.newPage();
      p.setDefaultTimeout(WAIT_MS);
      await p.goto(app.url);
      await p.getByRole('button', { name: labels.en.launcher }).click();
      const greeted = await waitForReply(p, 0);
      await p.getByRole('combobox', { name: labels.en.language }).selectOption('fr');
      const after = await waitForReply(p, greeted.messages.length);
      const mine = after.messages.filter((m) => m.who === 'user').map((m) => m.text);
      expect(mine).toEqual([labels.fr.languageName]);
      await p.getByRole('dialog', { name: labels.fr.title }).waitFor();
      await expect(p.getByRole('textbox', { name: labels.fr.inputLabel }).getAttribute('placeholder')).resolves.toBe(labels.fr.placeholder);
      const question = after.messages[after.messages.length - 1];
      expect(question.buttons.map((b) => b.title)).toEqual(['Oui', 'Non']);
    } finally {
      await fresh.close();
    }
  });
});

describe('the website chat on a shared device', () => {
  let app: TestServer;
  let browser: Browser;
  let key: string;
  const phone = () => browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });

  /** Opens the firm's page in a tab of `context` and the chat on it; waits for the assistant. */
  async function openChat(context: BrowserContext): Promise<{ page: Page; state: WidgetState }> {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(app.url);
    await page.getByRole('button', { name: labels.en.launcher }).click();
    return { page, state: await waitForReply(page, 0) };
  }

  const statusOf = async (conversationId: string) => {
    const record = await app.parts.store.findConversation({ channel: 'webchat', address: conversationId });
    return record ? app.parts.engine.contextOf(record.snapshot).status : null;
  };

  beforeAll(async () => {
    app = await startTestServer();
    key = `parole-intake:${app.url}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.close();
  });

  it("shows the next person nothing of a family's conversation, in a new tab or after the browser restarts", async () => {
    const device = await phone();
    try {
      const a = await openChat(device);
      await answer(a.page, 'yes');
      const mid = (await answer(a.page, 'no')).state;
      expect(userTexts(mid)).toEqual(['Yes', 'No']);
      // Kept for this tab only: a reload goes on with it...
      expect(Object.keys((await stored(a.page)).local)).toEqual([]);
      await a.page.reload();
      await a.page.waitForFunction(
        (n) => (document.getElementById('parole-intake-widget')?.shadowRoot?.querySelectorAll('.log > .msg').length ?? 0) >= n,
        mid.messages.length,
      );
      expect(userTexts(await widgetState(a.page))).toEqual(['Yes', 'No']);

      // ...but the next person, in a new tab on the same browser, starts afresh.
      const b = await openChat(device);
      expect(userTexts(b.state)).toEqual([]);
      expect(b.state.messages.every((m) => m.who === 'bot')).toBe(true);
      const idA = await storedConversation(a.page, key);
      const idB = await storedConversation(b.page, key);
      expect(idA).not.toBeNull();
      expect(idB).not.toBe(idA);

      // The browser closed and opened again (what it keeps on disk: cookies and localStorage).
      const reopened = await browser.newContext({
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        locale: 'en-US',
        storageState: await device.storageState(),
      });
      try {
        const c = await openChat(reopened);
        expect(userTexts(c.state)).toEqual([]);
        expect(await storedConversation(c.page, key)).not.toBe(idA);
      } finally {
        await reopened.close();
      }
    } finally {
      await device.close();
    }
  });

  it('ends the conversation with a confirmation: off the screen and the device, and the server told', async () => {
    const device = await phone();
    try {
      const { page } = await openChat(device);
      await answer(page, 'yes');
      const before = (await answer(page, 'no')).state;
      const ended = await storedConversation(page, key);
      expect(await statusOf(ended!)).toBe('in_progress');

      // A real button, reached with the keyboard; one press only asks.
      const end = page.getByRole('button', { name: labels.en.endConversation });
      await end.focus();
      await page.keyboard.press('Enter');
      const ask = page.getByRole('alertdialog', { name: labels.en.endTitle });
      await ask.waitFor();
      await expect(ask.textContent()).resolves.toContain(labels.en.endText);
      const focused = () => page.evaluate(() => document.getElementById('parole-intake-widget')?.shadowRoot?.activeElement?.textContent ?? null);
      await expect(focused()).resolves.toBe(labels.en.endCancel);
      // Escape (or "keep talking") takes it back: nothing lost, the chat still open.
      await page.keyboard.press('Escape');
      await ask.waitFor({ state: 'hidden' });
      expect((await widgetState(page)).open).toBe(true);
      await expect(focused()).resolves.toBe(labels.en.endConversation);
      expect((await widgetState(page)).messages.map((m) => m.text)).toEqual(before.messages.map((m) => m.text));
      expect(await storedConversation(page, key)).toBe(ended);

      // Confirmed: the transcript is gone from the screen and the device, a new conversation begins.
      await end.click();
      await page.getByRole('button', { name: labels.en.endConfirm }).click();
      await page.getByRole('status').filter({ hasText: labels.en.ended }).waitFor();
      const fresh = await waitForReply(page, 0);
      expect(userTexts(fresh)).toEqual([]);
      expect(fresh.messages.every((m) => m.who === 'bot')).toBe(true);
      expect(fresh.messages[fresh.messages.length - 1].buttons.map((b) => b.title)).toEqual(['Yes', 'No']);
      const now = await storedConversation(page, key);
      expect(now).not.toBeNull();
      expect(now).not.toBe(ended);
      const s = await stored(page);
      expect(JSON.stringify(s)).not.toContain(ended);
      // The server stops waiting for answers: the intake is marked abandoned (the widget told it
      // before starting the new conversation whose greeting is shown).
      expect(await statusOf(ended!)).toBe('abandoned');
      await page.reload();
      await page.waitForFunction(() => (document.getElementById('parole-intake-widget')?.shadowRoot?.querySelectorAll('.log > .msg').length ?? 0) >= 1);
      expect(userTexts(await widgetState(page))).toEqual([]);
    } finally {
      await device.close();
    }
  });

  it('"continue later on this device" keeps it for a new tab and a restarted browser, until it is ended', async () => {
    const device = await phone();
    try {
      const { page } = await openChat(device);
      await answer(page, 'yes');
      const kept = await storedConversation(page, key);
      const keep = page.getByRole('checkbox', { name: labels.en.continueLater });
      await expect(keep.isChecked()).resolves.toBe(false);
      await keep.check();
      // Moved, not copied: in localStorage only.
      const s = await stored(page);
      expect(Object.keys(s.session)).toEqual([]);
      expect(JSON.parse(s.local[key]).conversationId).toBe(kept);
      await expect(keep.getAttribute('aria-describedby')).resolves.toBe('pi-keep-hint');
      await page.getByText(labels.en.continueLaterHint).waitFor();

      // The browser restarted: the conversation is there, and the choice with it.
      const reopened = await browser.newContext({
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        locale: 'en-US',
        storageState: await device.storageState(),
      });
      try {
        const again = await reopened.newPage();
        again.setDefaultTimeout(WAIT_MS);
        await again.goto(app.url);
        // The chat was open when the family left: it opens again by itself, its log rebuilt.
        await again.waitForFunction(() => !!document.getElementById('parole-intake-widget')?.shadowRoot?.querySelector('.log > .msg.user'));
        const resumed = await widgetState(again);
        expect(userTexts(resumed)).toEqual(['Yes']);
        await expect(again.getByRole('checkbox', { name: labels.en.continueLater }).isChecked()).resolves.toBe(true);
        expect(await storedConversation(again, key)).toBe(kept);

        // Ended there: cleared from both storages.
        await again.getByRole('button', { name: labels.en.endConversation }).click();
        await again.getByRole('button', { name: labels.en.endConfirm }).click();
        await waitForReply(again, 0);
        const after = await stored(again);
        expect(JSON.stringify(after)).not.toContain(kept);
        expect(Object.keys(after.local)).toEqual([]);
        await expect(again.getByRole('checkbox', { name: labels.en.continueLater }).isChecked()).resolves.toBe(false);
      } finally {
        await reopened.close();
      }

      // Unticked: back to this tab only.
      await keep.uncheck();
      const back = await stored(page);
      expect(Object.keys(back.local)).toEqual([]);
      expect(JSON.parse(back.session[key]).conversationId).toBe(kept);
    } finally {
      await device.close();
    }
  });

  it('does not revive a conversation whose token has expired, nor one an earlier widget left behind: a new one starts, with nothing of the old', async () => {
    const device = await phone();
    try {
      const first = await openChat(device);
      await answer(first.page, 'yes');
      const old = await storedConversation(first.page, key);
      const userId = JSON.parse((await stored(first.page)).session[key]).userId as string;
      await first.page.close();
      const sign = (exp: number) => jwt.sign({ conv: old, user: userId, exp }, tokenSecret(app.parts.config), { algorithm: 'HS256' });
      const hour = 3600;
      const seconds = Math.floor(Date.now() / 1000);
      const cases = [
        // Kept on the device by choice, its token expired an hour ago (this device's clock is behind):
        // the server refuses to refresh it.
        { conversationId: old, token: sign(seconds - hour), userId, refreshAt: Date.now() + hour * 1000, expiresAt: Date.now() + hour * 1000 },
        // Left in localStorage by the widget before this one (no expiry known), its token still valid.
        { conversationId: old, token: sign(seconds + hour), userId, refreshAt: Date.now() + hour * 1000 },
      ];
      for (const session of cases) {
        const page = await device.newPage();
        page.setDefaultTimeout(WAIT_MS);
        await page.addInitScript(([k, v]) => localStorage.setItem(k, v), [key, JSON.stringify(session)] as const);
        const generated = page.waitForRequest((r) => r.url().endsWith('/v3/directline/tokens/generate'));
        await page.goto(app.url);
        await page.getByRole('button', { name: labels.en.launcher }).click();
        await generated;
        const state = await waitForReply(page, 0);
        expect(userTexts(state)).toEqual([]);
        const now = await storedConversation(page, key);
        expect(now).not.toBeNull();
        expect(now).not.toBe(old);
        // The new conversation is for this tab: the old choice to keep it on the device does not carry over.
        expect(JSON.stringify(await stored(page))).not.toContain(old);
        await expect(page.getByRole('checkbox', { name: labels.en.continueLater }).isChecked()).resolves.toBe(false);
        await page.close();
      }
    } finally {
      await device.close();
    }
  });
});
