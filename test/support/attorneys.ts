/**
 * Attorneys for tests: an account made directly through the store (with the real password hash),
 * and a signed-in browser-like client over fetch that keeps its cookies and signs in through the
 * real POST /login.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/dashboard/password';
import type { AccountStore, Attorney } from '../../src/store/account-store';

export const PASSWORD = 'correct horse battery staple';

let seq = 0;

export async function createAttorney(accounts: AccountStore, o: { email?: string; name?: string | null; password?: string } = {}): Promise<Attorney> {
  const n = ++seq;
  const attorney: Attorney = {
    id: randomUUID(),
    email: (o.email ?? `attorney${n}-${randomUUID().slice(0, 6)}@example.com`).toLowerCase(),
    name: o.name === undefined ? `Attorney ${n}` : o.name,
    passwordHash: await hashPassword(o.password ?? PASSWORD),
    createdAt: new Date().toISOString(),
    failedLogins: 0,
    lockedUntil: null,
    disabled: false,
  };
  expect(await accounts.createAttorney(attorney)).toBe('created');
  return attorney;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The Location of a redirect, relative to the server. */
  location: string | null;
}

/** A tiny cookie jar over fetch: what a browser does with Set-Cookie, for one site. */
export class Client {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie header received, as sent. */
  readonly setCookies: string[] = [];

  constructor(readonly base: string) {}

  private remember(headers: Headers) {
    for (const c of headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      if (value === '' || maxAge === 'Max-Age=0') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(new URL(path, this.base), { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.remember(res.headers);
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
  }

  get(path: string): Promise<Reply> {
    return this.request(path);
  }

  post(path: string, form: Record<string, string>): Promise<Reply> {
    return this.request(path, { method: 'POST', form });
  }

  /** Follows a 303 as a browser does. */
  async follow(r: Reply): Promise<Reply> {
    if (r.status !== 303 || !r.location) throw new Error(`expected a 303, got ${r.status}`);
    return this.get(r.location);
  }

  /** Opens the sign-in form and posts it; returns the answer to the POST. */
  async login(email: string, password: string, next?: string): Promise<Reply> {
    const form = await this.get(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
    expect(form.status).toBe(200);
    return this.post('/login', { csrf: fieldOf(form.text, 'csrf'), next: fieldOf(form.text, 'next'), email, password });
  }
}

/** The value of a hidden field in a page (the first one with this name). */
export function fieldOf(page: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(page);
  if (!m) throw new Error(`no hidden field "${name}" in the page`);
  return m[1]
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** A client signed in as this attorney (through the real form). */
export async function signedIn(base: string, attorney: Attorney, password = PASSWORD): Promise<Client> {
  const client = new Client(base);
  const r = await client.login(attorney.email, password);
  expect(r.status).toBe(303);
  expect(client.cookies.has('pi_session')).toBe(true);
  return client;
}

/** Escapes text the way the dashboard's templates do, to look for it in a page. */
export function escaped(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
