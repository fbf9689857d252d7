/**
 * Direct Line streaming: the WebSocket at a conversation's `streamUrl`, which Web Chat opens by
 * default (it never falls back to polling). On the same HTTP server as everything else (its
 * 'upgrade' event, the `ws` package); what it carries is what polling lists.
 *
 * The protocol, as botframework-directlinejs reads it: every message is an activity set
 * `{"activities": [...], "watermark": "N"}`, the activities after the watermark the streamUrl
 * names (all of them without one), then each new one as it is committed; an empty message is a
 * keep-alive (sent every `keepAliveMs`; the client sends empty ones too, ignored). The client
 * sends nothing else: what it posts goes through POST .../activities as with polling.
 *
 * Several instances, no sticky sessions: a socket's instance reads the stored transcript. It looks
 * at each conversation with sockets every `pollMs` (one read of the conversation's record: its
 * version moves with every turn committed, on any instance, and only then is the transcript read
 * after the watermark), and at once when a turn of it is committed here (wake()). While the
 * database is away, messages waiting in the outage spool are pushed with the notice each got, as
 * polling lists them, and the stored ones follow when they are replayed.
 *
 * A socket is closed cleanly (a close frame; the client then reconnects with a fresh streamUrl)
 * when the token it was handed out with expires, when the conversation ends (it is marked
 * abandoned, or it is gone), and when the server stops. The per-IP connection cap counts a socket
 * as the connection it is; Node's request timeouts end when the upgrade is answered. A socket
 * that stops answering pings is dropped.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Config } from '../../config/env';
import type { Logger } from '../../log';
import type { Spooling } from '../../spool/spooling';
import type { ConversationKey, ConversationRecord, Store, TranscriptEntry } from '../../store/store';
import { listedActivity, watermarkIn, ActivityError } from './activities';
import { DIRECT_LINE_BASE, OriginPolicy } from './cors';
import { DirectLineTokens } from './tokens';

export interface StreamTiming {
  /** How often an empty message is sent (and the socket pinged). */
  keepAliveMs: number;
  /** How often each conversation with sockets is looked at for turns committed elsewhere. */
  pollMs: number;
}

export const DEFAULT_STREAM_TIMING: StreamTiming = { keepAliveMs: 15_000, pollMs: 1_000 };

/** Web Chat open in a few tabs is normal; more sockets than this on one conversation is not. */
export const MAX_STREAMS_PER_CONVERSATION = 8;
/** A client that does not read what it is sent is dropped past this (bytes waiting to be sent). */
const MAX_BUFFERED_BYTES = 1 << 20;
/** Node's setTimeout limit (24.8 days): a longer token is closed at its expiry by a later check. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_BASE}/conversations/([^/?#]+)/stream$`);

export interface StreamDeps {
  config: Pick<Config, 'publicBaseUrl' | 'firm' | 'directLine'>;
  store: Store;
  spooling: Pick<Spooling, 'unlessUnreachable' | 'spooledEntries'>;
  logger: Logger;
  /** The token secret (src/server/keys.ts): stream tokens are signed with a key derived from it. */
  secret: string;
}

interface Socket {
  ws: WebSocket;
  /** The last stored position this socket has been sent. */
  watermark: number;
  /** Spooled entries (outage) already sent, by id: each is sent once. */
  spooled: Set<string>;
  /** Answered the last ping. */
  alive: boolean;
  expiry: NodeJS.Timeout | null;
}

/** The sockets of one conversation on this instance, and what was last read of it. */
interface Feed {
  conversationId: string;
  sockets: Set<Socket>;
  /** The stored record's id and version last read; a new socket resets the version (it must be sent the history). */
  recordId: string | null;
  version: number | null;
  status: string | null;
  running: boolean;
  again: boolean;
}

const keyOf = (conversationId: string): ConversationKey => ({ channel: 'webchat', address: conversationId });

export class DirectLineStreams {
  private readonly feeds = new Map<string, Feed>();
  private readonly tokens: DirectLineTokens;
  private readonly origins: OriginPolicy;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
  private readonly base: string;
  private timers: NodeJS.Timeout[] = [];
  private closing = false;

  constructor(
    private readonly d: StreamDeps,
    private readonly timing: StreamTiming = DEFAULT_STREAM_TIMING,
  ) {
    this.tokens = new DirectLineTokens(d.secret, d.config.directLine.tokenMinutes, d.config.directLine.secret);
    this.origins = new OriginPolicy(d.config.directLine.allowedOrigins, d.config.publicBaseUrl);
    // ws:// for http://, wss:// for https:// (behind the TLS proxy PUBLIC_BASE_URL names).
    this.base = d.config.publicBaseUrl.replace(/^http/, 'ws');
  }

  /**
   * The streamUrl for a token just handed out (`until`: its expiry, seconds since the epoch),
   * starting after `watermark` (null: from the start).
   */
  urlFor(conversationId: string, userId: string | null, until: number, watermark: number | null): string {
    const t = this.tokens.streamToken(conversationId, userId, until);
    return `${this.base}${DIRECT_LINE_BASE}/conversations/${conversationId}/stream?watermark=${watermark ?? ''}&t=${encodeURIComponent(t)}`;
  }

  /** Serves stream upgrades on `http`, and starts the keep-alive and the look at other instances' turns. */
  attach(http: HttpServer): void {
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.timers.push(setInterval(() => this.keepAlive(), this.timing.keepAliveMs).unref());
    this.timers.push(setInterval(() => this.pollAll(), this.timing.pollMs).unref());
  }

  /** A turn of this conversation was committed on this instance: its sockets get it now. */
  wake(conversationId: string): void {
    const feed = this.feeds.get(conversationId);
    if (feed) void this.pump(feed);
  }

  /** Sockets open now (for tests and diagnostics). */
  get open(): number {
    let n = 0;
    for (const f of this.feeds.values()) n += f.sockets.size;
    return n;
  }

  /** Closes every socket (1001, going away: the clients reconnect elsewhere) and stops the timers. */
  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const all = [...this.feeds.values()].flatMap((f) => [...f.sockets]);
    await Promise.all(
      all.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.ws.readyState === WebSocket.CLOSED) return resolve();
            s.ws.once('close', () => resolve());
            s.ws.close(1001, 'server stopping');
            // A client that never answers the close frame does not hold the shutdown.
            setTimeout(() => s.ws.terminate(), 1_000).unref();
          }),
      ),
    );
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = STREAM_PATH.exec(url.pathname);
    if (!path) return refuse(socket, 404, 'NotFound', 'no such stream');
    if (this.closing) return refuse(socket, 503, 'ServiceUnavailable', 'the server is stopping; reconnect');
    // Browsers send Origin with a WebSocket and CORS does not apply to it: the check is ours.
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    if (!this.origins.allows(origin)) return refuse(socket, 403, 'Forbidden', 'this site may not use the chat');
    const access = this.tokens.streamAccess(url.searchParams.get('t'));
    if (!access || access.conversationId !== path[1]) return refuse(socket, 403, 'Forbidden', 'a valid stream token for this conversation is required');
    let watermark: number;
    try {
      watermark = watermarkIn(url.searchParams.get('watermark') ?? undefined) ?? 0;
    } catch (err) {
      if (err instanceof ActivityError) return refuse(socket, 400, 'BadRequest', err.message);
      throw err;
    }
    const feed = this.feeds.get(access.conversationId);
    if (feed && feed.sockets.size >= MAX_STREAMS_PER_CONVERSATION) return refuse(socket, 429, 'TooManyRequests', 'too many streams open on this conversation');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, access.conversationId, access.until, watermark));
  }

  private opened(ws: WebSocket, conversationId: string, until: number, watermark: number): void {
    let feed = this.feeds.get(conversationId);
    if (!feed) {
      feed = { conversationId, sockets: new Set(), recordId: null, version: null, status: null, running: false, again: false };
      this.feeds.set(conversationId, feed);
    }
    const s: Socket = { ws, watermark, spooled: new Set(), alive: true, expiry: null };
    this.expireAt(s, until);
    feed.sockets.add(s);
    const f = feed;
    ws.on('pong', () => (s.alive = true));
    // The client's own keep-alives (empty messages): nothing to do. Past maxPayload ws closes with 1009.
    ws.on('message', () => undefined);
    ws.on('error', (err) => this.d.logger.debug({ err: err.message }, 'direct line stream error'));
    ws.on('close', () => {
      if (s.expiry) clearTimeout(s.expiry);
      f.sockets.delete(s);
      if (f.sockets.size === 0 && this.feeds.get(conversationId) === f) this.feeds.delete(conversationId);
    });
    // It must be sent what it has not seen: read the transcript even if the record did not move.
    feed.version = null;
    void this.pump(feed);
  }

  /** Closes the socket when its token expires (`until`, seconds since the epoch). */
  private expireAt(s: Socket, until: number): void {
    const ms = until * 1000 - Date.now();
    s.expiry = setTimeout(() => (ms > MAX_TIMER_MS ? this.expireAt(s, until) : s.ws.close(1000, 'token expired')), Math.max(0, Math.min(ms, MAX_TIMER_MS)));
    s.expiry.unref();
  }

  private keepAlive(): void {
    for (const feed of this.feeds.values()) {
      for (const s of feed.sockets) {
        if (s.ws.readyState !== WebSocket.OPEN) continue;
        // No pong since the last ping: the peer is gone without a close (a phone that lost its network).
        if (!s.alive) {
          s.ws.terminate();
          continue;
        }
        s.alive = false;
        s.ws.ping();
        s.ws.send('');
      }
    }
  }

  private pollAll(): void {
    for (const feed of this.feeds.values()) void this.pump(feed);
  }

  /** One feed's look at the store, never two at once; a wake during one makes another after it. */
  private async pump(feed: Feed): Promise<void> {
    if (feed.running) {
      feed.again = true;
      return;
    }
    feed.running = true;
    try {
      do {
        feed.again = false;
        await this.read(feed).catch((err: Error) =>
          this.d.logger.warn({ err: err.message }, 'direct line stream: the conversation could not be read; trying again'),
        );
      } while (feed.again && feed.sockets.size > 0);
    } finally {
      feed.running = false;
    }
  }

  private async read(feed: Feed): Promise<void> {
    if (feed.sockets.size === 0) return;
    const key = keyOf(feed.conversationId);
    const found = await this.d.spooling.unlessUnreachable(async () => ({ record: await this.d.store.findConversation(key) }));
    const spooled = this.d.spooling.spooledEntries(key);
    if (found === null) {
      // The database is away: what waits in the spool, as polling lists it.
      this.send(feed, [], spooled);
      return;
    }
    const { record } = found;
    if (!record) {
      // Started and now gone (retention purged it): the conversation is over. Else not started
      // yet (a token's conversation exists before it starts): only what the spool may hold.
      if (feed.recordId !== null) this.closeAll(feed, 'conversation ended');
      else this.send(feed, [], spooled);
      return;
    }
    const ended = feed.recordId === record.id && feed.status !== 'abandoned' && feed.status !== null && record.status === 'abandoned';
    let stored: TranscriptEntry[] = [];
    if (feed.recordId !== record.id || feed.version !== record.version) {
      const from = Math.min(...[...feed.sockets].map((s) => s.watermark));
      stored = await this.d.store.transcript(record.id, from);
    }
    this.remember(feed, record);
    this.send(feed, stored, spooled);
    if (ended) this.closeAll(feed, 'conversation ended');
  }

  private remember(feed: Feed, record: ConversationRecord): void {
    feed.recordId = record.id;
    feed.version = record.version;
    feed.status = record.status ?? null;
  }

  /** Sends each socket the stored entries after its watermark, then the spooled ones it has not had. */
  private send(feed: Feed, stored: TranscriptEntry[], spooled: TranscriptEntry[]): void {
    const name = this.d.config.firm.name;
    for (const s of feed.sockets) {
      if (s.ws.readyState !== WebSocket.OPEN) continue;
      const fresh = stored.filter((e) => e.seq > s.watermark);
      const waiting = spooled.filter((e) => !s.spooled.has(e.messageId));
      if (!fresh.length && !waiting.length) continue;
      if (fresh.length) s.watermark = fresh[fresh.length - 1].seq;
      for (const e of waiting) s.spooled.add(e.messageId);
      const activities = [...fresh, ...waiting].map((e) => listedActivity(e, feed.conversationId, name));
      const set = { activities, ...(s.watermark > 0 ? { watermark: String(s.watermark) } : {}) };
      if (s.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        s.ws.terminate();
        continue;
      }
      s.ws.send(JSON.stringify(set));
    }
  }

  private closeAll(feed: Feed, reason: string): void {
    for (const s of feed.sockets) if (s.ws.readyState === WebSocket.OPEN) s.ws.close(1000, reason);
  }
}

/** Answers an upgrade that is refused: a JSON error as every other route's, and the connection closed. */
function refuse(socket: Duplex, status: number, code: string, message: string): void {
  socket.on('error', () => socket.destroy());
  const body = JSON.stringify({ code, message });
  const reason = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
