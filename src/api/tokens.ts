/**
 * The integrations' API tokens: issued once (the token is shown to whoever issues it and never
 * again), kept only as a SHA-256 hash, checked on every /api request except the channel webhooks
 * (which have their own signatures).
 *
 * Each token has scopes: `read` (the GET routes) and/or `write` (changing the handling status).
 * A token is issued with `read` unless asked otherwise: an integration that only reads (a report,
 * a CRM import) then cannot change anything if its token leaks. Tokens stored before scopes
 * existed keep both (account-store.ts scopesOf), as they could do everything when issued.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Request, Response } from 'restify';
import { API_SCOPES, type AccountStore, type ApiScope, type ApiToken } from '../store/account-store';
import { sendError } from './errors';

export { API_SCOPES, type ApiScope };

/** What a new token may do when nobody says: read only. */
export const DEFAULT_SCOPES: readonly ApiScope[] = ['read'];

/** "read", "write", "read,write" (either order) → the scopes; anything else throws, saying what is allowed. */
export function parseScopes(text: string): ApiScope[] {
  const words = text.split(',').map((w) => w.trim().toLowerCase());
  const unknown = words.filter((w) => !(API_SCOPES as readonly string[]).includes(w));
  if (unknown.length || words.length === 0) {
    throw new Error(`a token's scope is read, write or read,write (not "${text}")`);
  }
  return API_SCOPES.filter((s) => words.includes(s));
}

/** A recognisable prefix: a leaked token is easy to spot in a log or a repository scan. */
export const TOKEN_PREFIX = 'pit_';

/** A name already has a token: names identify the integration in the audit log, so they are unique. */
export class TokenNameTaken extends Error {
  constructor(readonly tokenName: string) {
    super(`an API token named "${tokenName}" already exists; choose another name or revoke that one first`);
    this.name = 'TokenNameTaken';
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Names end up in "token:NAME" audit actors: short and plain. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Issues a token for an integration; returns the token itself (only the hash is stored). */
export async function issueApiToken(accounts: AccountStore, name: string, now: Date, scopes: readonly ApiScope[] = DEFAULT_SCOPES): Promise<string> {
  if (!NAME_PATTERN.test(name)) {
    throw new Error('a token name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  }
  const granted = API_SCOPES.filter((s) => scopes.includes(s));
  if (granted.length === 0) throw new Error('a token needs a scope: read, write or read,write');
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: ApiToken = {
    id: randomUUID(),
    name,
    tokenHash: hashToken(token),
    createdAt: now.toISOString(),
    lastUsedAt: null,
    revokedAt: null,
    scopes: granted,
  };
  if ((await accounts.createApiToken(record)) === 'exists') throw new TokenNameTaken(name);
  return token;
}

/** The bearer token of a request, or null when the header is missing or not a bearer. */
export function bearerOf(req: Request): string | null {
  const header = req.header('authorization');
  if (!header) return null;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/** Who made an API request: the audit's actor. */
export interface ApiCaller {
  tokenId: string;
  name: string;
  /** "token:NAME" */
  actor: string;
  scopes: ApiScope[];
}

/**
 * Checks the request's bearer token; on success returns the caller (and records the use), otherwise
 * answers 401 itself and returns null.
 */
export async function authenticate(accounts: AccountStore, req: Request, res: Response, now = new Date()): Promise<ApiCaller | null> {
  const token = bearerOf(req);
  const found = token && token.startsWith(TOKEN_PREFIX) ? await accounts.findApiToken(hashToken(token)) : null;
  if (!found || found.revokedAt !== null) {
    // RFC 6750: no error code when no credentials were sent, "invalid_token" when they were wrong.
    res.header('WWW-Authenticate', token ? 'Bearer error="invalid_token"' : 'Bearer');
    sendError(res, 401, 'unauthorized', token ? 'The bearer token is not valid or has been revoked.' : 'An Authorization: Bearer <token> header is required.');
    return null;
  }
  await accounts.touchApiToken(found.id, now.toISOString());
  return { tokenId: found.id, name: found.name, actor: `token:${found.name}`, scopes: found.scopes };
}

/** Whether the caller's token has `scope`; otherwise answers 403 itself (RFC 6750: insufficient_scope). */
export function authorize(caller: ApiCaller, scope: ApiScope, res: Response): boolean {
  if (caller.scopes.includes(scope)) return true;
  res.header('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${scope}"`);
  sendError(
    res,
    403,
    'insufficient_scope',
    `This token's scope is ${caller.scopes.join(',')}; this request needs "${scope}". Issue a token with it: npm run attorney -- token NAME --scope ${scope === 'write' ? 'read,write' : 'read'}.`,
  );
  return false;
}
