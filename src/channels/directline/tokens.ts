/**
 * Direct Line tokens: HS256 JWTs, each bound to one conversation ({ conv, user? }), signed with the
 * server's token secret, so a restart with the same DATA_DIR (or TOKEN_SECRET) honours them. The
 * optional DIRECTLINE_SECRET is the master key a server-side caller may present, as with Azure's.
 *
 * A stream token (the `t` of a streamUrl, as Azure's) opens the conversation's WebSocket and
 * nothing else: it is signed with a key of its own (derived from the token secret), so it is no
 * bearer token and a bearer token is no stream token. It must be used within
 * STREAM_CONNECT_SECONDS, and says until when the socket may stay open: the expiry of the token
 * it was handed out with.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** 144 random bits, URL-safe: unguessable, and nothing else is a conversation id. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{24}$/;
const USER_ID_MAX = 256;
/** A streamUrl is opened at once by the clients (after a start or a reconnect, which give a new one). */
export const STREAM_CONNECT_SECONDS = 120;

export interface TokenGrant {
  conversationId: string;
  token: string;
  /** Seconds, as Azure's Direct Line says it. */
  expires_in: number;
}

/** A grant with the time its token expires (seconds since the epoch), which a streamUrl keeps to. */
export interface IssuedToken extends TokenGrant {
  expiresAt: number;
}

/** Who is calling: the holder of the secret (any conversation), or of one conversation's token. */
export type Caller = { kind: 'secret' } | { kind: 'token'; conversationId: string; userId: string | null };

/** What a valid stream token opens: one conversation's stream, until `until` (seconds since the epoch). */
export interface StreamAccess {
  conversationId: string;
  userId: string | null;
  until: number;
}

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
  private readonly streamKey: string;

  constructor(
    private readonly signingKey: string,
    private readonly minutes: number,
    private readonly secret: string | null,
  ) {
    this.streamKey = createHmac('sha256', signingKey).update('parole-intake direct line stream v1').digest('hex');
  }

  issue(conversationId: string, userId: string | null, now = Date.now()): IssuedToken {
    const expiresIn = this.minutes * 60;
    const iat = Math.floor(now / 1000);
    const claims = userId ? { conv: conversationId, user: userId, iat } : { conv: conversationId, iat };
    const token = jwt.sign(claims, this.signingKey, { algorithm: 'HS256', expiresIn });
    return { conversationId, token, expires_in: expiresIn, expiresAt: iat + expiresIn };
  }

  /** The `t` of a streamUrl: opens this conversation's stream within STREAM_CONNECT_SECONDS, for a socket that lasts until `until`. */
  streamToken(conversationId: string, userId: string | null, until: number, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const exp = Math.min(until, iat + STREAM_CONNECT_SECONDS);
    return jwt.sign({ conv: conversationId, ...(userId ? { user: userId } : {}), until, iat, exp }, this.streamKey, { algorithm: 'HS256' });
  }

  /** What a stream token opens; null when it is not one, or lapsed. */
  streamAccess(t: string | null, now = Date.now()): StreamAccess | null {
    if (!t) return null;
    try {
      const claims = jwt.verify(t, this.streamKey, { algorithms: ['HS256'], clockTimestamp: Math.floor(now / 1000) });
      if (typeof claims !== 'object' || typeof claims.until !== 'number' || !isConversationId(claims.conv)) return null;
      return { conversationId: claims.conv, userId: isUserId(claims.user) ? claims.user : null, until: claims.until };
    } catch {
      return null;
    }
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
