/**
 * A message is known by its conversation and its id (issue 11, finding 10). Bot Framework
 * activity ids are unique only within a conversation, and every Bot Framework channel is our one
 * 'botframework' channel: a second conversation's activity "2" was taken for a retry of the
 * first's, and got the first conversation's reply. Over /api/messages (the Emulator's mode, its
 * connector a local stand-in), on both stores.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scratchDatabases } from './support/mongo-server';
import { startTestServer } from './support/server';

const KEY = randomBytes(32).toString('base64');
const databases = scratchDatabases('identity');

interface Received {
  conversation: string;
  text: string;
}

/** The Emulator's connector: what the bot posts back, by conversation. */
async function fakeConnector(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const conversation = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '')?.[1] ?? '';
      received.push({ conversation: decodeURIComponent(conversation), text: (JSON.parse(body || '{}') as { text?: string }).text ?? '' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const STORES: Array<[string, () => Record<string, string>]> = [
  ['the embedded store', () => ({})],
  ['MongoDB', () => ({ MONGODB_URI: databases.fresh('bf'), ENCRYPTION_KEY: KEY })],
];

for (const [name, env] of STORES) {
  it(`two Bot Framework conversations sending the same activity id each get their own reply, on ${name}`, async () => {
    const app = await startTestServer(env());
    const connector = await fakeConnector();
    try {
      const post = async (conversation: string, id: string, text: string) => {
        const r = await fetch(`${app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            id,
            timestamp: new Date().toISOString(),
            channelId: 'emulator',
            serviceUrl: connector.url,
            conversation: { id: conversation },
            from: { id: `user-${conversation}`, name: 'User', role: 'user' },
            recipient: { id: 'bot', name: 'Bot', role: 'bot' },
            text,
            locale: 'en-US',
          }),
        });
        expect(r.status).toBe(200);
      };
      const to = (conversation: string) =>
        connector.received
          .filter((m) => m.conversation === conversation)
          .map((m) => m.text)
          .join(' ');
      await post('conv-a', '1', 'Hello');
      await post('conv-a', '2', 'Yes');
      expect(to('conv-a')).toContain('in danger');
      // Conversation B's first activity happens to have id "2" as well.
      await post('conv-b', '2', 'Hello');
      expect(to('conv-b')).toContain('automated assistant');
      expect(to('conv-b')).not.toContain('in danger');
      const b = await app.parts.store.findConversation({ channel: 'botframework', address: 'emulator:conv-b' });
      expect(b).not.toBeNull();
      expect((await app.parts.store.transcript(b!.id)).filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['Hello']);
      // A retry within a conversation is still a retry: the same reply, nothing stored twice.
      const before = connector.received.length;
      await post('conv-b', '2', 'Hello');
      expect(connector.received.slice(before).map((m) => m.conversation)).toEqual(connector.received.slice(before).map(() => 'conv-b'));
      expect(
        connector.received
          .slice(before)
          .map((m) => m.text)
          .join(' '),
      ).toContain('automated assistant');
      expect((await app.parts.store.transcript(b!.id)).filter((e) => e.direction === 'in')).toHaveLength(1);
    } finally {
      await app.close();
      await connector.close();
    }
  });
}
