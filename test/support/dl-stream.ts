/**
 * A Direct Line stream client for the tests (the `ws` package, as a Node client would): keeps
 * every activity set and counts keep-alives (empty messages); `until` waits for what has arrived
 * to hold, looked at on each message, never for a duration. Streams a test opens are terminated
 * after it.
 */
import { WebSocket } from 'ws';

export interface ActivitySet {
  activities: any[];
  watermark?: string;
}

/** A stream client that keeps every message: activity sets, and keep-alives (empty messages). */
export interface Stream {
  ws: WebSocket;
  sets: ActivitySet[];
  keepAlives: number;
  activities: () => any[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once `check` holds for what has arrived (looked at on every message). */
  until<T>(what: string, check: () => T | undefined | null | false): Promise<T>;
}

const streams: WebSocket[] = [];
afterEach(() => {
  for (const ws of streams.splice(0)) ws.terminate();
});

export function openStream(url: string, o: { origin?: string } = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, o.origin ? { origin: o.origin } : {});
    streams.push(ws);
    const sets: ActivitySet[] = [];
    let keepAlives = 0;
    const waiters = new Set<() => void>();
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.once('close', (code, reason) => {
        r({ code, reason: reason.toString() });
        for (const w of waiters) w();
      }),
    );
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === '') keepAlives++;
      else sets.push(JSON.parse(text) as ActivitySet);
      for (const w of waiters) w();
    });
    const stream: Stream = {
      ws,
      sets,
      get keepAlives() {
        return keepAlives;
      },
      activities: () => sets.flatMap((s) => s.activities),
      closed,
      until: (what, check) =>
        new Promise((res, rej) => {
          const look = () => {
            const v = check();
            if (v) {
              waiters.delete(look);
              res(v);
            } else if (ws.readyState === WebSocket.CLOSED) {
              waiters.delete(look);
              rej(new Error(`the stream closed before ${what}`));
            }
          };
          waiters.add(look);
          look();
        }),
    };
    ws.once('open', () => resolve(stream));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
