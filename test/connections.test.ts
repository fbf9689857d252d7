/**
 * The server's connections (issue 11, findings 9 and 10): the address it listens on, slow clients
 * cut off by the request and header timeouts (408, the connection closed), and the cap on
 * connections open at once from one address. The timeouts are configured short and the tests wait
 * for the server's own answer and close, never for a duration.
 */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from './support/server';

/** A raw connection that records what comes back and when it is closed. */
interface Conn {
  socket: Socket;
  data: () => string;
  closed: Promise<void>;
  isClosed: () => boolean;
}

/** Every connection a test opened: destroyed after it, pass or fail, so that no server waits on one at close. */
const opened: Socket[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.destroy();
});

function open(app: TestServer): Promise<Conn> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    let data = '';
    let closed = false;
    const socket = connect(Number(port), '127.0.0.1');
    opened.push(socket);
    const closedP = new Promise<void>((r) => socket.once('close', () => ((closed = true), r())));
    socket.on('data', (d) => (data += d.toString('latin1')));
    // A refused connection may be reset under a write: what matters is that it closed.
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, data: () => data, closed: closedP, isClosed: () => closed }));
    socket.once('error', reject);
  });
}

/** Writes a whole request and waits for its whole answer (Content-Length bodies only). */
function exchange(c: Conn, request: string): Promise<string> {
  const before = c.data().length;
  return new Promise((resolve, reject) => {
    const check = () => {
      const got = c.data().slice(before);
      const head = got.indexOf('\r\n\r\n');
      if (head >= 0) {
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(got.slice(0, head))?.[1] ?? 0);
        if (got.length >= head + 4 + length) {
          c.socket.off('data', check);
          c.socket.off('close', onClose);
          resolve(got);
        }
      }
    };
    const onClose = () => reject(new Error(`closed before the answer: ${JSON.stringify(c.data().slice(before))}`));
    c.socket.on('data', check);
    c.socket.once('close', onClose);
    c.socket.write(request);
  });
}

const HEALTH = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
const statusOf = (reply: string) => reply.split('\r\n')[0];

/** Waits until `condition` holds, looking again at each turn of the event loop (bounded). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never: ${what}`);
}

describe('the address it listens on (HOST)', () => {
  it('every interface by default, so that a container is reachable', async () => {
    const app = await startTestServer();
    try {
      expect((app.server.address() as AddressInfo).address).toBe('0.0.0.0');
    } finally {
      await app.close();
    }
  });

  it('only the address HOST gives: loopback behind a proxy on the same machine', async () => {
    const app = await startTestServer({ HOST: '127.0.0.1' });
    try {
      expect((app.server.address() as AddressInfo).address).toBe('127.0.0.1');
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('slow clients', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ REQUEST_TIMEOUT_SECONDS: '1', HEADERS_TIMEOUT_SECONDS: '1', KEEP_ALIVE_TIMEOUT_SECONDS: '1' });
  });
  afterAll(() => app.close());

  it('a body sent a byte at a time is cut off: 408 and the connection closed, long before it is all sent', async () => {
    const c = await open(app);
    const LENGTH = 60;
    c.socket.write(`POST /v3/directline/tokens/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${LENGTH}\r\n\r\n`);
    // One byte every 150 ms: all of it would take 9 s; the request may take 1 s.
    let sent = 0;
    const drip = setInterval(() => {
      if (c.isClosed() || sent >= LENGTH) return clearInterval(drip);
      c.socket.write(' ');
      sent++;
    }, 150);
    await c.closed;
    clearInterval(drip);
    expect(statusOf(c.data())).toBe('HTTP/1.1 408 Request Timeout');
    expect(sent).toBeLessThan(LENGTH);
  });

  it('headers sent a line at a time are cut off too', async () => {
    const c = await open(app);
    c.socket.write('GET /healthz HTTP/1.1\r\n');
    let n = 0;
    const drip = setInterval(() => {
      if (c.isClosed() || n >= 60) return clearInterval(drip);
      c.socket.write(`X-Slow-${n++}: y\r\n`);
    }, 150);
    await c.closed;
    clearInterval(drip);
    expect(statusOf(c.data())).toBe('HTTP/1.1 408 Request Timeout');
    expect(n).toBeLessThan(60);
  });

  it('a connection that sends nothing is closed', async () => {
    const c = await open(app);
    await c.closed;
    expect(statusOf(c.data())).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('a request that arrives in time is answered, and the server still serves', async () => {
    const c = await open(app);
    expect(statusOf(await exchange(c, HEALTH))).toBe('HTTP/1.1 200 OK');
    c.socket.destroy();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe('connections open at once from one address', () => {
  it('past the cap, a new connection is closed at once; the ones open keep being served; a freed place is taken again', async () => {
    const app = await startTestServer({ MAX_CONNECTIONS_PER_IP: '3' });
    const conns: Conn[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const c = await open(app);
        // Answered: the server holds it open (keep-alive), and counts it.
        expect(statusOf(await exchange(c, HEALTH))).toBe('HTTP/1.1 200 OK');
        conns.push(c);
      }
      expect(app.connections.openFrom('127.0.0.1')).toBe(3);

      const fourth = await open(app);
      fourth.socket.write(HEALTH);
      await fourth.closed;
      expect(fourth.data()).toBe('');
      expect(app.connections.openFrom('127.0.0.1')).toBe(3);

      // The first three were not touched.
      for (const c of conns) expect(statusOf(await exchange(c, HEALTH))).toBe('HTTP/1.1 200 OK');

      // One leaves; once the server has seen it go, a new one is served.
      conns.shift()!.socket.end();
      await until(() => app.connections.openFrom('127.0.0.1') === 2, 'the server sees the connection closed');
      const fifth = await open(app);
      expect(statusOf(await exchange(fifth, HEALTH))).toBe('HTTP/1.1 200 OK');
      conns.push(fifth);
    } finally {
      for (const c of conns) c.socket.destroy();
      await app.close();
    }
  });

  it('connections from a trusted proxy are not capped: each carries many clients', async () => {
    const app = await startTestServer({ MAX_CONNECTIONS_PER_IP: '2', TRUSTED_PROXIES: '127.0.0.1' });
    const conns: Conn[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const c = await open(app);
        conns.push(c);
        expect(statusOf(await exchange(c, HEALTH))).toBe('HTTP/1.1 200 OK');
      }
      expect(conns.every((c) => !c.isClosed())).toBe(true);
    } finally {
      for (const c of conns) c.socket.destroy();
      await app.close();
    }
  });

  it('a cap of 0 is no cap', async () => {
    const app = await startTestServer({ MAX_CONNECTIONS_PER_IP: '0' });
    const conns: Conn[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const c = await open(app);
        conns.push(c);
        expect(statusOf(await exchange(c, HEALTH))).toBe('HTTP/1.1 200 OK');
      }
    } finally {
      for (const c of conns) c.socket.destroy();
      await app.close();
    }
  });
});
