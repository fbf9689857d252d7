/**
 * A stand-in for a Bot Framework connector (the Emulator's, or the channel's): it receives the
 * bot's replies at /v3/conversations/:id/activities. `failWith` makes it answer every reply with
 * that status and body, as an upstream that refuses. It listens on every address of the machine
 * (IPv4 and IPv6), so that a serviceUrl in any loopback notation reaches it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  path: string;
  activity: { type: string; text?: string; conversation?: { id: string }; suggestedActions?: { actions: { title: string }[] } };
}

export interface BotConnector {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  received: ReceivedActivity[];
  failWith: { status: number; body: string } | null;
  close(): Promise<void>;
}

export async function startBotConnector(): Promise<BotConnector> {
  const state: BotConnector = { url: '', port: 0, received: [], failWith: null, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (state.failWith) {
        res.writeHead(state.failWith.status, { 'content-type': 'text/plain' });
        res.end(state.failWith.body);
        return;
      }
      state.received.push({ path: req.url ?? '', activity: JSON.parse(body || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${state.received.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '::', r));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** A message activity as the Emulator posts it. */
export function emulatorActivity(serviceUrl: string, conversationId: string, id: string, text: string) {
  return {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}`, name: 'User', role: 'user' },
    recipient: { id: 'bot', name: 'Bot', role: 'bot' },
    text,
    locale: 'en-US',
  };
}

export const postActivity = (baseUrl: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
