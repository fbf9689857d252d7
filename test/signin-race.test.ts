/**
 * Sign-in under parallel attempts, through real HTTP against the real server on each store: the
 * password checks are counted (the verifier is spied on and held until every attempt is either
 * being checked or answered, so all of them are in flight at once), and no more are made than the
 * account's lock-out and the address's failure budget allow, whichever instance would answer.
 */
import { randomBytes } from 'node:crypto';
import * as password from '../src/dashboard/password';
import { createAttorney, fieldOf, PASSWORD } from './support/attorneys';
import { testMongoUri } from './support/mongo-server';
import { startTestServer, type TestServer } from './support/server';

const BACKENDS: Array<[string, () => Record<string, string>]> = [
  ['SQLite', () => ({})],
  ['MongoDB', () => ({ MONGODB_URI: testMongoUri(`signin_${randomBytes(4).toString('hex')}`), ENCRYPTION_KEY: randomBytes(32).toString('base64') })],
];

/**
 * Password checks held at a gate: `until(n)` resolves once checks begun plus answers received
 * reach n, i.e. when every attempt fired so far has either reached the check or been refused.
 */
function heldChecks() {
  const real = password.verifyPassword;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const state = { checks: 0, answered: 0 };
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const bump = () => {
    for (const w of [...waiters]) {
      if (state.checks + state.answered >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const spy = jest.spyOn(password, 'verifyPassword').mockImplementation(async (p: string, h: string) => {
    state.checks++;
    bump();
    await gate;
    return real(p, h);
  });
  return {
    state,
    answered() {
      state.answered++;
      bump();
    },
    until: (n: number) =>
      new Promise<void>((resolve) => {
        waiters.push({ n, resolve });
        bump();
      }),
    release: () => open(),
    restore: () => spy.mockRestore(),
  };
}

describe.each(BACKENDS)('sign-in attempts in parallel on %s', (_name, envOf) => {
  /** One sign-in form (its cookie and field), posted as many times as wanted. */
  async function formOf(app: TestServer) {
    const page = await fetch(`${app.url}/login`);
    const cookie = /pi_login=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1];
    const csrf = fieldOf(await page.text(), 'csrf');
    return (email: string, pw: string) =>
      fetch(`${app.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `pi_login=${cookie}` },
        body: new URLSearchParams({ csrf, next: '/intakes', email, password: pw }).toString(),
      }).then(async (r) => ({ status: r.status, session: r.headers.getSetCookie().some((c) => c.startsWith('pi_session=')), text: await r.text() }));
  }

  it('50 attempts at once on one account (49 wrong, then the right one): at most LOGIN_MAX_FAILURES checks, no sign-in, the lock stays', async () => {
    const app = await startTestServer({ ...envOf(), LOGIN_MAX_FAILURES: '5', LOCKOUT_MINUTES: '15', RATE_LOGIN_FAILURES_PER_IP_PER_HOUR: '1000' });
    const held = heldChecks();
    try {
      const ann = await createAttorney(app.parts.accounts);
      const post = await formOf(app);
      const attempt = (pw: string) =>
        post(ann.email, pw).then((r) => {
          held.answered();
          return r;
        });
      const wrong = Array.from({ length: 49 }, (_, i) => attempt(`wrong password number ${i}`));
      await held.until(49);
      const right = attempt(PASSWORD);
      await held.until(50);
      held.release();
      const answers = await Promise.all([...wrong, right]);

      expect(held.state.checks).toBeGreaterThan(0);
      expect(held.state.checks).toBeLessThanOrEqual(5);
      expect(answers.filter((a) => a.status === 303 || a.session)).toEqual([]);
      expect(answers.every((a) => a.status === 401)).toBe(true);
      const rightAnswer = await right;
      expect(rightAnswer.text).toContain('Too many failed attempts.');
      // The lock was earned, and stays: the right password, now, is still refused.
      const locked = await app.parts.accounts.getAttorney(ann.id);
      expect(Date.parse(locked!.lockedUntil!)).toBeGreaterThan(Date.now() + 14 * 60_000);
      const after = await post(ann.email, PASSWORD);
      expect(after.status).toBe(401);
      expect(after.session).toBe(false);
      expect(held.state.checks).toBeLessThanOrEqual(5);
    } finally {
      held.restore();
      await app.close();
    }
  });

  it('a burst of 150 failed attempts from one address, over many accounts: at most the per-address limit is checked', async () => {
    const app = await startTestServer({ ...envOf(), LOGIN_MAX_FAILURES: '5', RATE_LOGIN_FAILURES_PER_IP_PER_HOUR: '30' });
    const held = heldChecks();
    try {
      // Ten accounts, five wrong passwords each (none is locked by its own attempts), and 100 unknown emails.
      const accounts = await Promise.all(Array.from({ length: 10 }, () => createAttorney(app.parts.accounts)));
      const post = await formOf(app);
      const emails = [...accounts.flatMap((a) => Array<string>(5).fill(a.email)), ...Array.from({ length: 100 }, (_, i) => `nobody${i}@example.com`)];
      const answers = emails.map((email, i) =>
        post(email, `wrong password ${i}`).then((r) => {
          held.answered();
          return r;
        }),
      );
      await held.until(150);
      held.release();
      const statuses = (await Promise.all(answers)).map((a) => a.status);

      expect(held.state.checks).toBeGreaterThan(0);
      expect(held.state.checks).toBeLessThanOrEqual(30);
      expect(statuses.filter((s) => s === 401)).toHaveLength(held.state.checks);
      expect(statuses.filter((s) => s === 429)).toHaveLength(150 - held.state.checks);
      // The budget is spent: even the right password, from this address, is not looked at now.
      const checks = held.state.checks;
      const refused = await post(accounts[0].email, PASSWORD);
      expect(refused.status).toBe(429);
      expect(held.state.checks).toBe(checks);
    } finally {
      held.restore();
      await app.close();
    }
  });
});
