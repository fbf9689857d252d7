/**
 * Taking over a web chat conversation, with the official Direct Line client
 * (botframework-directlinejs, over its WebSocket as Web Chat uses it) on the family's side and the
 * dashboard on the attorney's: the attorney's message arrives in the family's activity stream,
 * the family's reply is kept and not answered by the assistant, and handing back asks the question
 * they were on, in the same stream.
 */
import type { IntakeContext } from '../dialogs/context';
import { authorOf } from '../src/store/store';
import { createAttorney, escaped, fieldOf, signedIn } from './support/attorneys';
import { startTestServer, type TestServer } from './support/server';

const DL = '/v3/directline';

/** The official client in Node: REST over xhr2; its WebSocket, the `ws` package's. */
function officialClient() {
  const g = globalThis as Record<string, unknown>;
  // The globals must be set before the client loads, which an import (hoisted) cannot do.
  /* eslint-disable @typescript-eslint/no-require-imports */
  g.XMLHttpRequest = require('xhr2');
  g.WebSocket = require('ws').WebSocket;
  return require('botframework-directlinejs') as typeof import('botframework-directlinejs');
  /* eslint-enable @typescript-eslint/no-require-imports */
}

async function until<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('taking over a web chat conversation (the official Direct Line client)', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(async () => {
    await app.close();
  });

  it('delivers the attorney message in the activity stream, keeps the reply unanswered, and hands back at the question', async () => {
    const { DirectLine } = officialClient();
    const generated = await fetch(`${app.url}${DL}/tokens/generate`, { method: 'POST' });
    const { token, conversationId } = (await generated.json()) as { token: string; conversationId: string };
    const dl = new DirectLine({ token, domain: `${app.url}${DL}`, webSocket: true, conversationStartProperties: { locale: 'en' } } as ConstructorParameters<
      typeof DirectLine
    >[0]);
    const seen: any[] = [];
    const sub = dl.activity$.subscribe((a) => seen.push(a));
    const key = { channel: 'webchat' as const, address: conversationId };
    const storedReplies = async (inboundId: string) => {
      const record = await app.parts.store.findConversation(key);
      return (await app.parts.store.transcript(record!.id)).filter((e) => e.direction === 'out' && e.replyTo === inboundId).length;
    };
    let n = 0;
    const post = async (text: string) => {
      const clientActivityID = `t${++n}`;
      const id = await new Promise<string>((resolve, reject) =>
        dl
          .postActivity({ type: 'message', from: { id: 'visitor', role: 'user' }, text, locale: 'en', channelData: { clientActivityID } } as any)
          .subscribe(resolve, reject),
      );
      await until(`the echo of "${text}"`, () => seen.some((a) => a.channelData?.clientActivityID === clientActivityID));
      return id;
    };
    try {
      await until('the greeting', () => seen.some((a) => a.channelData?.key === 'q.consent.prompt'));
      for (const text of ['yes', 'no']) {
        const id = await post(text);
        const stored = await storedReplies(id);
        await until(`the replies to "${text}"`, () => seen.filter((a) => a.replyToId === id).length === stored);
      }
      const lastQuestion = seen.filter((a) => a.from.role === 'bot').at(-1)!.channelData.key as string;
      expect(lastQuestion).toMatch(/^q\..*\.prompt$/);
      const record = await app.parts.store.findConversation(key);
      const intakeId = (record!.snapshot as unknown as { context: IntakeContext }).context.intakeId;

      // The attorney writes from the intake page: it comes down the family's stream.
      const ann = await createAttorney(app.parts.accounts, { name: 'Ann Lee' });
      const annC = await signedIn(app.url, ann);
      const page = await annC.get(`/intakes/${intakeId}`);
      expect(page.text).toContain('Message to the family (web chat)');
      const words = 'Hello, this is Ann Lee, an attorney of the firm. Can I call you now?';
      const sent = await annC.post(`/intakes/${intakeId}/messages`, { csrf: fieldOf(page.text, 'csrf'), text: words });
      expect((await annC.follow(sent)).text).toContain('Message sent to the family.');
      const received = await until('the attorney message', () => seen.find((a) => a.text === words));
      expect(received).toMatchObject({ type: 'message', from: { role: 'bot' }, channelData: { author: 'attorney' } });
      // Nothing of the attorney's account reaches the family's side.
      expect(JSON.stringify(received)).not.toContain(ann.id);

      // The family answers: kept, shown to the attorney, not answered by the assistant.
      const reply = await post('Yes please, call me at 716 555 0199');
      expect(await storedReplies(reply)).toBe(0);
      expect((await annC.get(`/intakes/${intakeId}`)).text).toContain(escaped('Yes please, call me at 716 555 0199'));
      const transcript = await app.parts.store.transcript(record!.id);
      expect(transcript.slice(-2).map((e) => authorOf(e))).toEqual([{ kind: 'attorney', id: ann.id }, { kind: 'family' }]);

      // Handed back: the question they were on comes down the stream again.
      const before = seen.length;
      const held = await annC.get(`/intakes/${intakeId}`);
      const back = await annC.post(`/intakes/${intakeId}/conversation`, {
        csrf: fieldOf(held.text, 'csrf'),
        action: 'handback',
        heldBy: fieldOf(held.text, 'heldBy'),
      });
      expect((await annC.follow(back)).text).toContain('Handed back');
      const asked = await until('the question asked again', () => seen.slice(before).find((a) => a.from.role === 'bot'));
      expect(asked.channelData.key).toBe(lastQuestion);
      // And the family's next answer is the assistant's again.
      const next = await post('outside the US');
      await until('the assistant answers again', async () => (await storedReplies(next)) > 0);
    } finally {
      sub.unsubscribe();
      dl.end();
    }
  }, 60_000);
});
