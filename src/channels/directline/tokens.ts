/**
 * Direct Line tokens: HS256 JWTs, each bound to one conversation ({ conv, user? }), signed with the
 * server's token secret, so a restart with the same DATA_DIR (or TOKEN_SECRET) honours them. The
 * optional DIRECTLINE_SECRET is the master key a server-side caller may present, as with Azure's.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** 144 random bits, URL-safe: unguessable, and nothing else is a conversation id. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{24}$/;
const USER_ID_MAX = 256;

export interface TokenGrant {
  conversationId: string;
  token: string;
  /** Seconds, as Azure's Direct Line says it. */
  expires_in: number;
}

/** Who is calling: the holder of the secret (any conversation), or of one conversation's token. */
export type Caller = { kind: 'secret' } | { kind: 'token'; conversationId: string; userId: string | null };

export function newConversationId(): string {
  return randomBytes(18).toString('base64url');
}

export function isConversationId(id: unknown): id is string {
  return typeof id === 'string' && CONVERSATION_ID.test(id);
}

export function isUserId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= USER_ID_MAX;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export class DirectLineTokens {
  constructor(
    private readonly signingKey: string,
    private readonly minutes: number,
    private readonly secret: string | null,
  ) {}

  issue(conversationId: string, userId: string | null): TokenGrant {
    const expiresIn = this.minutes * 60;
    const claims = userId ? { conv: conversationId, user: userId } : { conv: conversationId };
    const token = jwt.sign(claims, this.signingKey, { algorithm: 'HS256', expiresIn });
    return { conversationId, token, expires_in: expiresIn };
  }

  /** The caller a bearer credential stands for; null when it is neither the secret nor a valid, unexpired token. */
  caller(credential: string | null): Caller | null {
    if (!credential) return null;
    if (this.isSecret(credential)) return { kind: 'secret' };
    try {
      const claims = jwt.verify(credential, this.signingKey, { algorithms: ['HS256'] });
      if (typeof claims !== 'object' || typeof claims.exp !== 'number' || !isConversationId(claims.conv)) return null;
      const user = isUserId(claims.user) ? claims.user : null;
      return { kind: 'token', conversationId: claims.conv, userId: user };
    } catch {
      return null;
    }
  }

  /**
   * The conversation a token may be refreshed for: a valid, unexpired token only. An expired
   * token revives nothing: on a shared device, whoever finds an old token in the browser (the
   * next family at a library computer) gets a new conversation, never the last family's.
   */
  refreshable(credential: string | null, now = Date.now()): Extract<Caller, { kind: 'token' }> | null {
    if (!credential || this.isSecret(credential)) return null;
    try {
      const claims = jwt.verify(credential, this.signingKey, { algorithms: ['HS256'], clockTimestamp: Math.floor(now / 1000) });
      if (typeof claims !== 'object' || typeof claims.exp !== 'number' || !isConversationId(claims.conv)) return null;
      return { kind: 'token', conversationId: claims.conv, userId: isUserId(claims.user) ? claims.user : null };
    } catch {
      return null;
    }
  }

  /** Compared in constant time; false when no secret is configured. */
  isSecret(credential: string): boolean {
    return this.secret !== null && timingSafeEqual(digest(credential), digest(this.secret));
  }
}

/** The credential of an `Authorization: Bearer …` header; null when there is none. */
export function bearerOf(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  return m ? m[1] : null;
}
