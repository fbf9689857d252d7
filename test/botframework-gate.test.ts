/**
 * /api/messages held against an attacker (issue 11, findings 4, 5 and part of 10):
 * - without MicrosoftAppId, only a caller on this machine (by the socket's address) gets in, and
 *   within rate limits per IP and per conversation;
 * - the serviceUrl is compared as an address, whatever its notation; with an app id, only the Bot
 *   Framework service's hosts;
 * - a failed turn answers a generic error: the upstream's reply body is neither returned nor
 *   logged, and nothing of botbuilder's reaches stdout/stderr (its errors go to our logger, reduced
 *   to name, code and status).
 */
import { networkInterfaces } from 'node:os';
import { format } from 'node:util';
import pino from 'pino';
import { isBotFrameworkServiceUrl, isLoopbackAddress, isLoopbackUrl } from '../src/channels/botframework/addresses';
import { quietly } from '../src/channels/botframework/quiet-console';
import { emulatorActivity as activity, postActivity as post, startBotConnector, type BotConnector } from './support/bot-connector';
import { startTestServer, type TestServer } from './support/server';

// ---- what is printed, and what is logged -------------------------------------------------------

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
/** Everything written to the console, stdout or stderr while `capturing`. */
const printed: string[] = [];
let capturing = false;
const realConsole = Object.fromEntries(CONSOLE_METHODS.map((m) => [m, console[m]]));
const realStdout = process.stdout.write.bind(process.stdout);
const realStderr = process.stderr.write.bind(process.stderr);

beforeAll(() => {
  // Installed before any server starts, so that whatever botbuilder (or a wrapper around the
  // console) writes through console.* ends up here rather than in Jest's output.
  for (const m of CONSOLE_METHODS) console[m] = (...args: unknown[]) => void printed.push(`console.${m}: ${format(...args)}`);
  const tap = (real: typeof realStdout, name: string) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      if (capturing) printed.push(`${name}: ${String(chunk)}`);
      return (real as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = tap(realStdout, 'stdout');
  process.stderr.write = tap(realStderr, 'stderr');
});
afterAll(() => {
  for (const m of CONSOLE_METHODS) console[m] = realConsole[m];
  process.stdout.write = realStdout;
  process.stderr.write = realStderr;
});

/** A pino logger that keeps its entries, parsed. */
function memoryLogger() {
  const entries: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug', base: undefined }, { write: (line: string) => void entries.push(JSON.parse(line)) });
  return { logger, entries };
}

/** An address of this machine that is not loopback (the container's own interface). */
function externalAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4');
  if (!found) throw new Error('this test needs a network interface other than loopback');
  return found.address;
}

let connector: BotConnector;
beforeAll(async () => {
  connector = await startBotConnector();
});
afterAll(() => connector.close());

// ---- the addresses, each notation --------------------------------------------------------------

describe('loopback and Bot Framework hosts, compared as addresses', () => {
  const LOOPBACK = [
    'http://127.0.0.1:3978/',
    'http://127.1:3978',
    'http://0x7f.1:3978',
    'http://0x7f000001/',
    'http://2130706433:3978/path?x=1#',
    'http://0177.0.0.1/',
    'http://127.000.000.001/',
    'http://127.0.0.1./',
    'http://127.255.255.254/',
    'http://[::1]:3978/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]:3978/',
    'http://[::ffff:7f00:1]/',
    'http://localhost:3978/',
    'http://LOCALHOST/',
    'http://localhost./',
    'http://%6c%6fcalhost/',
    'https://localhost/',
  ];
  const ELSEWHERE = [
    'http://10.0.0.5:3978',
    'http://169.254.169.254/latest',
    'http://0.0.0.0:3978/',
    'http://0/',
    'http://[::]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[fd00::2]/',
    'http://127.0.0.1.nip.io/',
    'http://localhost.attacker.example/',
    'http://x.localhost/',
    'http://localhost../',
    'https://attacker.example/connector',
    'ftp://127.0.0.1/',
    'file:///etc/passwd',
    'not a url',
  ];

  it.each(LOOPBACK)('%s is this machine', (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });
  it.each(ELSEWHERE)('%s is not this machine', (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });

  it('reads a socket address, IPv4-mapped or not', () => {
    for (const a of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '[::1]']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', '::', '0.0.0.0', 'localhost', '', undefined]) expect(isLoopbackAddress(a)).toBe(false);
  });

  it('takes only https Bot Framework service hosts when there is an app id', () => {
    for (const url of [
      'https://smba.trafficmanager.net/amer/',
      'https://smba.trafficmanager.net/teams/',
      'https://webchat.botframework.com/',
      'https://directline.botframework.com/',
      'https://europe.webchat.botframework.com/',
      'https://WEBCHAT.BOTFRAMEWORK.COM./',
      'https://webchat.botframework.azure.us/',
      'https://smba.infra.gcc.teams.microsoft.com/gcc',
      'https://smba.infra.gov.teams.microsoft.us/teams',
      'https://smba.infra.dod.teams.microsoft.us/teams',
      'https://smba.trafficmanager.net:443/emea/',
    ]) {
      expect([url, isBotFrameworkServiceUrl(url)]).toEqual([url, true]);
    }
    for (const url of [
      'http://webchat.botframework.com/',
      'https://webchat.botframework.com:8443/',
      'https://user:pass@webchat.botframework.com/',
      'https://botframework.com.attacker.example/',
      'https://evil-botframework.com/',
      'https://evil.trafficmanager.net/',
      'https://emea.smba.trafficmanager.net/',
      'https://127.0.0.1/',
      'https://[::1]/',
      'https://localhost/',
      'https://2130706433/',
      'not a url',
    ]) {
      expect([url, isBotFrameworkServiceUrl(url)]).toEqual([url, false]);
    }
  });
});

// ---- without an app id: who may call, and how often ------------------------------------------

describe('/api/messages without MicrosoftAppId', () => {
  let app: TestServer;
  beforeAll(async () => {
    // HOST: every interface, so that the machine's own non-loopback address reaches it.
    app = await startTestServer({ HOST: '0.0.0.0' });
  });
  afterAll(() => app.close());
  beforeEach(() => {
    connector.received.length = 0;
    connector.failWith = null;
  });

  it('refuses a caller that is not on this machine with 401, and stores and sends nothing', async () => {
    const port = new URL(app.url).port;
    const outside = `http://${externalAddress()}:${port}`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await post(outside, activity(connector.url, `outside-${i}`, `o${i}`, 'Hello'));
      statuses.push(r.status);
      expect(await r.json()).toMatchObject({ code: 'Unauthorized', message: expect.stringContaining('MicrosoftAppId') });
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(connector.received).toEqual([]);
    expect(await app.parts.store.findConversation({ channel: 'botframework', address: 'emulator:outside-0' })).toBeNull();
  });

  it('refuses a request a proxy forwarded, though the proxy connects from loopback', async () => {
    const proxied: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.7' }, { forwarded: 'for=203.0.113.7' }, { 'x-real-ip': '203.0.113.7' }];
    for (const header of proxied) {
      const r = await post(app.url, activity(connector.url, 'proxied', `p-${Object.keys(header)[0]}`, 'Hello'), header);
      expect(r.status).toBe(401);
    }
    expect(connector.received).toEqual([]);
  });

  it('takes the Emulator on loopback, whatever notation its serviceUrl uses, and refuses a serviceUrl elsewhere', async () => {
    const port = connector.port;
    // (IPv6 literals are classified above; botbuilder's connector client cannot post to one.)
    const notations = [`http://127.1:${port}`, `http://0x7f.1:${port}`, `http://2130706433:${port}`, `http://0177.0.0.1:${port}`, `http://localhost:${port}`];
    for (const [i, serviceUrl] of notations.entries()) {
      const r = await post(app.url, activity(serviceUrl, `notation-${i}`, `n${i}`, 'Hello'));
      expect([serviceUrl, r.status]).toEqual([serviceUrl, 200]);
      expect(connector.received.filter((c) => c.path.includes(`/notation-${i}/`)).length).toBeGreaterThan(0);
    }
    for (const [i, serviceUrl] of [
      `http://0.0.0.0:${port}`,
      `http://[::]:${port}`,
      `http://127.0.0.1.nip.io:${port}`,
      'http://169.254.169.254/latest',
    ].entries()) {
      const r = await post(app.url, activity(serviceUrl, `refused-${i}`, `r${i}`, 'Hello'));
      expect([serviceUrl, r.status]).toEqual([serviceUrl, 403]);
      expect(await app.parts.store.findConversation({ channel: 'botframework', address: `emulator:refused-${i}` })).toBeNull();
    }
  });

  it('meets a limit per IP on a flood from loopback: 429 with Retry-After past it', async () => {
    const flood = await startTestServer({ RATE_BOTFRAMEWORK_PER_IP_PER_MINUTE: '20' });
    try {
      const frozen = Date.now();
      flood.parts.limits.now = () => frozen;
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await post(flood.url, activity(connector.url, `flood-${i}`, `f${i}`, 'Hello'))).status);
      expect(statuses).toEqual([...Array(20).fill(200), ...Array(5).fill(429)]);
      const r = await post(flood.url, activity(connector.url, 'flood-x', 'fx', 'Hello'));
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await r.json()).toMatchObject({ code: 'TooManyRequests' });
      expect(await flood.parts.store.findConversation({ channel: 'botframework', address: 'emulator:flood-x' })).toBeNull();
    } finally {
      await flood.close();
    }
  });

  it('meets a limit per conversation', async () => {
    const one = await startTestServer({ RATE_BOTFRAMEWORK_PER_IP_PER_MINUTE: '0', RATE_BOTFRAMEWORK_PER_CONVERSATION_PER_MINUTE: '5' });
    try {
      const frozen = Date.now();
      one.parts.limits.now = () => frozen;
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await post(one.url, activity(connector.url, 'chatty', `c${i}`, 'Hello'))).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      // Another conversation from the same caller is not held back.
      expect((await post(one.url, activity(connector.url, 'quiet', 'q1', 'Hello'))).status).toBe(200);
    } finally {
      await one.close();
    }
  });
});

// ---- failures: nothing raw returned, logged or printed ----------------------------------------

describe('a failed turn', () => {
  let app: TestServer;
  let log: ReturnType<typeof memoryLogger>;
  const UPSTREAM_SECRET = 'UPSTREAM-BODY-4f1c internal=10.1.2.3 token=abc123';
  beforeAll(async () => {
    log = memoryLogger();
    app = await startTestServer({}, { logger: log.logger });
  });
  afterAll(() => app.close());
  afterEach(() => {
    connector.failWith = null;
  });

  it('answers a generic JSON error when the serviceUrl refuses the reply: no upstream body, in the answer or the log, and nothing printed', async () => {
    // The first turn warms everything up (modules loaded, warnings of the runtime printed once).
    expect((await post(app.url, activity(connector.url, 'warm', 'w1', 'Hello'))).status).toBe(200);
    connector.failWith = { status: 400, body: UPSTREAM_SECRET };
    printed.length = 0;
    log.entries.length = 0;
    capturing = true;
    let r: Response;
    let text: string;
    try {
      r = await post(app.url, activity(connector.url, 'upstream-fails', 'u1', 'Hello'));
      text = await r.text();
    } finally {
      capturing = false;
    }
    expect(r.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ code: 'InternalServer', message: 'the message could not be handled' });
    expect(text).not.toContain('UPSTREAM-BODY');
    expect(printed).toEqual([]);
    const logged = JSON.stringify(log.entries);
    expect(logged).not.toContain('UPSTREAM-BODY');
    expect(logged).not.toContain('upstream-fails');
    expect(logged).not.toContain('Hello');
    expect(log.entries).toContainEqual(
      expect.objectContaining({ msg: 'bot framework turn failed', err: expect.objectContaining({ name: expect.any(String), status: 400 }) }),
    );
  });
});

describe("botbuilder's console writes", () => {
  it('go to the logger by name, code and status within a Bot Framework request, and to the console as before outside one', async () => {
    const { logger, entries } = memoryLogger();
    printed.length = 0;
    // What botframework-connector's JwtTokenExtractor writes for an expired token, and for a key it cannot use.
    const expired = Object.assign(new Error('jwt expired at 2026-11-28T07:00:00Z for conversation a:1Xy-secret-conv'), {
      name: 'TokenExpiredError',
      code: 'ERR_JWT_EXPIRED',
    });
    await quietly(logger, async () => {
      await Promise.resolve();
      console.error(expired);
      console.error('Error finding key for token. Available keys: -----BEGIN PUBLIC KEY----- MIIB');
      console.warn('BadRequest: Missing activity or activity type.');
    });
    expect(printed).toEqual([]);
    expect(entries.map((e) => [e.msg, e.err])).toEqual([
      ['botbuilder wrote to the console', { name: 'TokenExpiredError', code: 'ERR_JWT_EXPIRED' }],
      ['botbuilder wrote to the console', { name: 'text' }],
      ['botbuilder wrote to the console', { name: 'text' }],
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/secret-conv|BEGIN PUBLIC KEY|Missing activity/);
    // Outside a request, the console is the console.
    console.error('something else entirely');
    expect(printed).toEqual(['console.error: something else entirely']);
    printed.length = 0;
  });

  it('keep to their own request: a write elsewhere at the same time is not taken', async () => {
    const { logger, entries } = memoryLogger();
    printed.length = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const inside = quietly(logger, async () => {
      await held;
      console.error(new TypeError('inside'));
    });
    // While the request waits, another part of the process writes.
    console.log('outside, meanwhile');
    release();
    await inside;
    expect(printed).toEqual(['console.log: outside, meanwhile']);
    expect(entries.map((e) => e.err)).toEqual([{ name: 'TypeError' }]);
    printed.length = 0;
  });
});

describe('/api/messages with an app id: a refused token', () => {
  let app: TestServer;
  let log: ReturnType<typeof memoryLogger>;
  beforeAll(async () => {
    log = memoryLogger();
    app = await startTestServer(
      { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' },
      { logger: log.logger },
    );
  });
  afterAll(() => app.close());

  it('is a 401 with nothing printed, and the logger gets the error by name and status only', async () => {
    const forged = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJtZSIsInNlY3JldCI6InRvcC1zZWNyZXQifQ.c2lnbmF0dXJl';
    const body = activity('https://smba.trafficmanager.net/amer/', 'teams-conv-7e1', 't1', 'Hello');
    // Warm-up (first use of the connector's modules).
    await post(app.url, body, { authorization: forged });
    printed.length = 0;
    log.entries.length = 0;
    capturing = true;
    let r: Response;
    try {
      r = await post(app.url, body, { authorization: forged });
    } finally {
      capturing = false;
    }
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ code: 'Unauthorized', message: 'the Bot Connector token is not valid' });
    expect(printed).toEqual([]);
    const refusal = log.entries.find((e) => e.msg === 'bot framework request refused: token');
    expect(refusal).toMatchObject({ err: { name: expect.any(String), status: 401 } });
    expect(Object.keys(refusal!.err as object).every((k) => ['name', 'code', 'status'].includes(k))).toBe(true);
    const logged = JSON.stringify(log.entries);
    for (const secret of ['eyJhbGciOiJIUzI1NiJ9', 'teams-conv-7e1', 'No valid identity', 'Unauthorized.', 'Hello']) expect(logged).not.toContain(secret);
    expect(await app.parts.store.findConversation({ channel: 'botframework', address: 'emulator:teams-conv-7e1' })).toBeNull();
  });

  it('counts refused requests per IP: past the limit, 429 before the token is looked at', async () => {
    const frozen = Date.now();
    app.parts.limits.now = () => frozen;
    const body = activity('https://smba.trafficmanager.net/amer/', 'teams-conv-limit', 't2', 'Hello');
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) statuses.push((await post(app.url, body)).status);
    // The two refusals of the test before count too: the 429s start at or before the 61st.
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThanOrEqual(55);
    expect(first).toBeLessThanOrEqual(60);
    expect(statuses.slice(0, first).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
  });
});
