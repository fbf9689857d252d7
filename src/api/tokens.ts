/**
 * The integrations' API tokens: issued once (the token is shown to whoever issues it and never
 * again), kept only as a SHA-256 hash, checked on every /api request except the channel webhooks
 * (which have their own signatures).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { AccountStore, ApiToken } from '../store/account-store';
import { sendError } from './errors';

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
export async function issueApiToken(accounts: AccountStore, name: string, now: Date): Promise<string> {
  if (!NAME_PATTERN.test(name)) {
    throw new Error('a token name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: ApiToken = {
    id: randomUUID(),
    name,
    tokenHash: hashToken(token),
    createdAt: now.toISOString(),
    lastUsedAt: null,
    revokedAt: null,
    // What every token could do so far; the API does not tell scopes apart yet.
    scopes: ['read', 'write'],
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
  return { tokenId: found.id, name: found.name, actor: `token:${found.name}` };
}
