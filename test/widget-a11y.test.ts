/**
 * The chat widget for people who use a keyboard or a screen reader, in Chromium against the real
 * server: axe-core finds nothing wrong with it closed or open, on a phone and on a desktop; after
 * each answer the focus is on the next answer (a Tab or two away at most), never lost to the
 * page; Escape closes it and gives the focus back to the launcher; each new message of the
 * assistant is announced once; the launcher is not shown beside the open chat; the demo page has
 * its icon.
 */
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { widgetCatalogs } from '../src/web/bundle';
import { projectRoot } from '../src/paths';
import { startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';

jest.setTimeout(240_000);

const AXE = join(projectRoot(), 'node_modules', 'axe-core', 'axe.min.js');
const labels = widgetCatalogs().en;
const SCREENS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
} as const;

/** The little of the DOM the in-page code below uses (the tests are type-checked without the DOM lib). */
interface Node_ {
  tagName: string;
  textContent: string | null;
  hidden: boolean;
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  querySelector(selector: string): Node_ | null;
  querySelectorAll(selector: string): ArrayLike<Node_>;
  contains(other: Node_ | null): boolean;
  blur(): void;
}
interface Shadow extends Node_ {
  activeElement: Node_ | null;
}
declare const document: { getElementById(id: string): { shadowRoot: Shadow | null } | null; activeElement: Node_ | null; body: Node_ };
declare const window: { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } | undefined };

/** axe-core's violations on the whole page, the widget's shadow root included. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => (await window.axe!.run(document, { resultTypes: ['violations'] })).violations);
  return found.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** Where the focus is: in the widget (which element), on the page's body, or elsewhere on the page. */
function focus(page: Page): Promise<{ where: 'widget' | 'body' | 'page'; tag: string | null; text: string | null; inPanel: boolean; launcher: boolean }> {
  return page.evaluate(() => {
    const host = document.getElementById('parole-intake-widget');
    const root = host?.shadowRoot ?? null;
    const active = document.activeElement;
    if (active === document.body || active === null) return { where: 'body' as const, tag: null, text: null, inPanel: false, launcher: false };
    if (!root || (active as unknown) !== (host as unknown))
      return { where: 'page' as const, tag: active.tagName, text: active.textContent, inPanel: false, launcher: false };
    const inner = root.activeElement;
    const panel = root.querySelector('[role="dialog"]');
    return {
      where: 'widget' as const,
      tag: inner?.tagName ?? null,
      text: inner?.textContent ?? null,
      inPanel: !!panel && !!inner && panel.contains(inner),
      launcher: !!inner && inner.classList.contains('launcher'),
    };
  });
}

/** The messages shown, and the buttons of the newest one that can still be used. */
function shown(page: Page): Promise<{ count: number; last: { bot: boolean; text: string; buttons: string[] } | null }> {
  return page.evaluate(() => {
    const root = document.getElementById('parole-intake-widget')?.shadowRoot;
    const all = root ? Array.from(root.querySelectorAll('.log > .msg')) : [];
    const last = all[all.length - 1];
    return {
      count: all.length,
      last: last
        ? {
            bot: last.classList.contains('bot'),
            text: last.querySelector('.bubble')?.textContent ?? '',
            buttons: Array.from(last.querySelectorAll('.actions button'))
              .filter((b) => b.getAttribute('aria-disabled') !== 'true')
              .map((b) => b.textContent ?? ''),
          }
        : null,
    };
  });
}

/** Waits for the assistant's answer: more messages than `before`, the newest from the assistant, nothing pending. */
async function replied(page: Page, before: number): Promise<void> {
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
}

/** What the live region has said so far (each announcement once, in order). */
function announced(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.getElementById('parole-intake-widget')?.shadowRoot;
    return root ? Array.from(root.querySelectorAll('[aria-live="polite"] > p')).map((p) => p.textContent ?? '') : [];
  });
}

describe('the chat widget, accessible', () => {
  let app: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.close();
  });

  /** A fresh browser profile; axe is injected into the page, so the page's CSP is bypassed for it. */
  async function open(screen: keyof typeof SCREENS): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ ...SCREENS[screen], locale: 'en-US', bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => problems.push(`failed ${r.url()}`));
    await page.goto(app.url);
    return { context, page, problems };
  }

  for (const screen of ['phone', 'desktop'] as const) {
    it(`${screen}: axe-core finds no violation, closed and open, as the intake goes on; the launcher is not shown beside the open chat`, async () => {
      const { context, page, problems } = await open(screen);
      try {
        const launcher = page.getByRole('button', { name: labels.launcher });
        expect(await violations(page)).toEqual([]);

        await launcher.click();
        await replied(page, 0);
        expect(await launcher.isVisible()).toBe(false);
        expect(await violations(page)).toEqual([]);

        // An answer chosen (the chosen button and the others left unavailable), the progress shown.
        const before = (await shown(page)).count;
        await page.locator('.log > .msg').last().getByRole('button', { name: 'Yes', exact: true }).click();
        await replied(page, before);
        await page.getByText('Step 1 of 9').waitFor();
        expect(await violations(page)).toEqual([]);

        // "Continue later" ticked (its hint shown), then the question "end the conversation?".
        await page.getByRole('checkbox', { name: labels.continueLater }).check();
        await page.getByText(labels.continueLaterHint).waitFor();
        expect(await violations(page)).toEqual([]);
        await page.getByRole('button', { name: labels.endConversation }).click();
        await page.getByRole('alertdialog', { name: labels.endTitle }).waitFor();
        expect(await violations(page)).toEqual([]);
        await page.getByRole('button', { name: labels.endCancel }).click();

        // Closed again: the launcher is back, and nothing is wrong either.
        await page.getByRole('button', { name: labels.close }).click();
        await launcher.waitFor();
        expect(await violations(page)).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('keyboard: after each answer the next one is at most two Tabs away, never on the page; Escape closes and gives the focus to the launcher', async () => {
    const { context, page } = await open('desktop');
    try {
      const launcher = page.getByRole('button', { name: labels.launcher });
      await launcher.focus();
      await page.keyboard.press('Enter');
      await replied(page, 0);
      // The first answer, typed where the focus is on opening (the text box, on a desktop).
      expect(await focus(page)).toMatchObject({ where: 'widget', tag: 'TEXTAREA' });
      let before = (await shown(page)).count;
      await page.keyboard.type('yes');
      await page.keyboard.press('Enter');
      await replied(page, before);

      // Then the reference intake's next answers by keyboard only: a choice, or words typed.
      const answers = [
        'No',
        'Outside the U.S.',
        'I am the traveler',
        'Medical treatment',
        "The traveler's child",
        'He has leukemia and needs a bone marrow transplant',
        'Roswell Park Cancer Center, Buffalo',
        'Yes',
        'Our provincial insurance and family savings',
      ];
      const tabs: number[] = [];
      const shortcutsBesideWords: string[][] = [];
      for (const answer of answers) {
        const now = await shown(page);
        const start = await focus(page);
        expect(start.where).toBe('widget');
        expect(start.inPanel).toBe(true);
        let presses = 0;
        if (now.last!.buttons.includes(answer)) {
          // A choice: the focus is on the first one; Tab goes to the next.
          while ((await focus(page)).text !== answer && presses < 8) {
            await page.keyboard.press('Tab');
            presses++;
          }
          expect((await focus(page)).tag).toBe('BUTTON');
          before = now.count;
          await page.keyboard.press('Enter');
        } else {
          // Words: the focus is in the text box, also when the question has a shortcut button ("Not sure").
          expect(start.tag).toBe('TEXTAREA');
          if (now.last!.buttons.length) shortcutsBesideWords.push(now.last!.buttons);
          before = now.count;
          await page.keyboard.type(answer);
          await page.keyboard.press('Enter');
        }
        tabs.push(presses);
        await replied(page, before);
        const mine = await page.evaluate(() => {
          const all = document.getElementById('parole-intake-widget')!.shadowRoot!.querySelectorAll('.log > .msg.user .bubble');
          return all[all.length - 1].textContent;
        });
        expect(mine).toBe(answer);
      }
      expect(Math.max(...tabs)).toBeLessThanOrEqual(2);
      // "No" is the second choice, "The traveler's child" too; the others were first, or typed.
      expect(tabs).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0]);
      expect(shortcutsBesideWords).toContainEqual(['Not sure']);

      // Escape closes the chat from where the focus is, and the launcher has it.
      expect((await focus(page)).inPanel).toBe(true);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      expect(await focus(page)).toMatchObject({ where: 'widget', launcher: true });

      // Open again; the focus somehow lost to the page's body: Escape still closes.
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: labels.title }).waitFor();
      await page.evaluate(() => {
        const root = document.getElementById('parole-intake-widget')!.shadowRoot!;
        root.activeElement?.blur();
      });
      expect((await focus(page)).where).toBe('body');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      expect(await focus(page)).toMatchObject({ where: 'widget', launcher: true });
    } finally {
      await context.close();
    }
  });

  it('announces each new message of the assistant once, and not the transcript rebuilt after a reload', async () => {
    const { context, page } = await open('phone');
    try {
      await page.getByRole('button', { name: labels.launcher }).click();
      await replied(page, 0);
      // The transcript itself is not a live region: it would be read again as it is rebuilt or relabelled.
      await expect(page.getByRole('log').getAttribute('aria-live')).resolves.toBe('off');
      const greeting = await page.evaluate(() =>
        Array.from(document.getElementById('parole-intake-widget')!.shadowRoot!.querySelectorAll('.log > .msg.bot .bubble')).map((b) => b.textContent ?? ''),
      );
      expect(greeting.length).toBe(2);
      expect(await announced(page)).toEqual(greeting);

      // An answer: the one question that follows is announced, once; the family's own words are not.
      const before = (await shown(page)).count;
      await page.locator('.log > .msg').last().getByRole('button', { name: 'Yes', exact: true }).click();
      await replied(page, before);
      const question = (await shown(page)).last!.text;
      expect(question).toMatch(/danger/);
      const said = await announced(page);
      expect(said.slice(-1)).toEqual([question]);
      expect(said.filter((s) => s === question)).toHaveLength(1);
      expect(said).not.toContain('Yes');

      // Reloaded: the transcript is rebuilt, silently.
      const count = (await shown(page)).count;
      await page.reload();
      await page.waitForFunction((n) => (document.getElementById('parole-intake-widget')?.shadowRoot?.querySelectorAll('.log > .msg').length ?? 0) >= n, count);
      expect(await announced(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the demo page has its icon, from this server', async () => {
    const { context, page, problems } = await open('desktop');
    try {
      const href = await page.locator('link[rel="icon"]').getAttribute('href');
      expect(href).toBe('/favicon.svg');
      const icon = await page.request.get(new URL(href!, app.url).href);
      expect(icon.status()).toBe(200);
      expect(icon.headers()['content-type']).toBe('image/svg+xml');
      expect(await icon.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
