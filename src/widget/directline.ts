/**
 * A small Direct Line 3.0 client over polling, as the widget needs it: start or resume a
 * conversation, send messages, read activities, refresh the token, end the conversation. The
 * session (conversation, token, user id) is kept on the device (storage.ts: for the tab only,
 * unless the family chose to continue later), so a reloaded page goes on with the same
 * conversation. A token is refreshed only while it is valid: once expired, the conversation is
 * not revived and a new one starts, so an old session found on a shared device opens nothing.
 */
import type { DeviceStorage } from './storage';

export interface CardAction {
  type?: string;
  title?: string;
  value?: unknown;
}

export interface Activity {
  type: string;
  id?: string;
  timestamp?: string;
  from?: { id?: string; role?: string; name?: string };
  text?: string;
  locale?: string;
  suggestedActions?: { actions?: CardAction[] };
  channelData?: { clientActivityID?: string; key?: string; progress?: { step: number; of: number } | null; answerBy?: 'choice' | 'words' };
  /** Files sent with a message: their names (the server never lists a way to their content). */
  attachments?: Array<{ name?: string; contentType?: string }>;
}

/** What became of a file sent: taken (the bot says whether it was kept), too large, or not sent. */
export type UploadOutcome = 'sent' | 'too_large' | 'failed';

interface Session {
  conversationId: string;
  token: string;
  userId: string;
  /** When to refresh the token (ms since the epoch), from expires_in. */
  refreshAt?: number;
  /** When the token expires (ms since the epoch, this device's clock), from expires_in. */
  expiresAt?: number;
}

export type Status = 'connecting' | 'online' | 'offline';

export interface ClientEvents {
  /** New activities; `history` when they are the conversation read again from its start (a reload), not new ones. */
  activities(list: Activity[], userId: string, history: boolean): void;
  /** A new conversation replaces the one shown (the old one was gone or expired): clear the log; nothing is kept on the device. */
  reset(): void;
  status(s: Status): void;
}

type Reply = { status: number; data: Record<string, unknown>; retryAfter: number | null };

class HttpError extends Error {
  constructor(readonly status: number) {
    super('HTTP ' + status);
  }
}

/** The conversation was ended meanwhile: what was under way for it stops. */
class Superseded extends Error {}

const POLL_MS = 1000;
const FAST_POLL_MS = 250;
const FAST_FOR_MS = 5000;
const MAX_BACKOFF_MS = 15000;

export function randomId(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] + 256).toString(16).slice(1);
  return prefix + s;
}

function validSession(s: Session | null): Session | null {
  return s && typeof s.conversationId === 'string' && typeof s.token === 'string' && typeof s.userId === 'string' ? s : null;
}

/** Expired by this device's clock (counted from when the server said how long it lives). */
function expired(s: Session): boolean {
  return typeof s.expiresAt === 'number' && Date.now() >= s.expiresAt;
}

export class DirectLineClient {
  private session: Session | null;
  private watermark: string | undefined;
  /** The next read is a resumed conversation's history, from its start. */
  private rereading = false;
  private active = false;
  private connected = false;
  private polling = false;
  private pollAgain = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fastUntil = 0;
  private failures = 0;
  private ready: Promise<void>;
  private markReady: () => void = () => undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private connecting: Promise<void> | null = null;
  /** Bumped when the conversation is ended: work begun for the old one does not touch the new. */
  private generation = 0;

  constructor(
    private readonly base: string,
    private readonly storage: DeviceStorage,
    private readonly storageKey: string,
    private readonly events: ClientEvents,
    private readonly locale: () => string,
  ) {
    const stored = validSession(storage.read<Session>(storageKey));
    // An expired token is never revived: a new conversation will start, with nothing of the old.
    // Nor is a session an earlier version of the widget left in localStorage without the family
    // choosing it (it knew no expiry): on a shared device it may be someone else's.
    this.session = stored && typeof stored.expiresAt === 'number' && !expired(stored) ? stored : null;
    if (stored && !this.session) storage.clear();
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** A conversation from an earlier visit, to be resumed. */
  hasSession(): boolean {
    return this.session !== null;
  }

  get userId(): string {
    return this.session ? this.session.userId : '';
  }

  /**
   * Ends the conversation on this device: the session is forgotten at once (both storages), the
   * server is told (an endOfConversation, so it stops waiting for answers; a failure there
   * changes nothing here), and a new conversation starts if the chat is open.
   */
  async end(): Promise<void> {
    const old = this.session;
    this.generation++;
    this.session = null;
    this.watermark = undefined;
    this.connected = false;
    this.failures = 0;
    clearTimeout(this.timer);
    this.storage.clear();
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    if (old && !expired(old)) {
      const activity = { type: 'endOfConversation', from: { id: old.userId }, locale: this.locale() };
      await this.request('POST', '/conversations/' + encodeURIComponent(old.conversationId) + '/activities', activity, old.token).catch(() => undefined);
    }
    if (this.active && !this.session) void this.connect();
  }

  /** Keeps the conversation on this device after the browser closes (true), or for this tab only. */
  rememberOnDevice(keep: boolean): void {
    this.storage.remember(keep);
  }

  get remembered(): boolean {
    return this.storage.remembered;
  }

  /** Starts (or resumes) and polls while active; pausing stops the polling, not the conversation. */
  setActive(active: boolean): void {
    this.active = active;
    if (!active) {
      clearTimeout(this.timer);
      return;
    }
    if (this.connected) this.schedule(0);
    else void this.connect();
  }

  /** Sends a message; resolves false when it could not be sent. */
  /**
   * A file, as Direct Line's upload takes it (the form botframework-directlinejs sends: the
   * message as an `activity` part, then the file), in the conversation's queue like a message.
   */
  upload(file: File, clientActivityID: string): Promise<UploadOutcome> {
    const next = this.queue.then(async () => {
      await this.ready;
      return this.postFile(file, clientActivityID);
    });
    this.queue = next.catch(() => 'failed' as const);
    return next.then(
      (r) => r,
      () => 'failed' as const,
    );
  }

  private async postFile(file: File, clientActivityID: string): Promise<UploadOutcome> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const s = this.session;
      if (!s) return 'failed';
      const activity = {
        type: 'message',
        from: { id: s.userId },
        text: '',
        locale: this.locale(),
        channelData: { clientActivityID },
        attachments: [{ contentType: file.type, name: file.name }],
      };
      const form = new FormData();
      form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
      form.append('file', file, file.name);
      let status: number;
      try {
        const res = await fetch(
          this.base + '/v3/directline/conversations/' + encodeURIComponent(s.conversationId) + '/upload?userId=' + encodeURIComponent(s.userId),
          {
            method: 'POST',
            headers: { Authorization: 'Bearer ' + s.token },
            body: form,
            cache: 'no-store',
            credentials: 'omit',
          },
        );
        status = res.status;
      } catch {
        return 'failed';
      }
      if (status === 200 || status === 201) {
        this.pollSoon();
        return 'sent';
      }
      if (status === 413) return 'too_large';
      if ((status === 401 || status === 403) && attempt === 0) {
        const ok = await this.refresh().catch(() => false);
        if (ok) continue;
      }
      return 'failed';
    }
    return 'failed';
  }

  send(text: string, clientActivityID: string): Promise<boolean> {
    const next = this.queue.then(async () => {
      await this.ready;
      return this.post(text, clientActivityID);
    });
    this.queue = next.catch(() => false);
    return next.then(
      (ok) => ok,
      () => false,
    );
  }

  private async connect(): Promise<void> {
    if (this.connecting) return this.connecting;
    const gen = this.generation;
    this.connecting = (async () => {
      this.events.status('connecting');
      for (;;) {
        try {
          if (!(this.session && (await this.resume(gen)))) await this.startFresh(gen);
          break;
        } catch (err) {
          if (err instanceof Superseded || gen !== this.generation) return;
          this.events.status('offline');
          await new Promise((r) => setTimeout(r, this.backoff()));
          if (gen !== this.generation) return;
        }
      }
      this.failures = 0;
      this.connected = true;
      this.events.status('online');
      this.markReady();
      if (this.active) this.schedule(0);
    })();
    try {
      await this.connecting;
    } finally {
      this.connecting = null;
    }
    // Ended while connecting: the new conversation starts now.
    if (gen !== this.generation && this.active && !this.connected) void this.connect();
  }

  /** Throws when the conversation was ended since `gen`. */
  private still(gen: number): void {
    if (gen !== this.generation) throw new Superseded();
  }

  private backoff(): number {
    this.failures++;
    return Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, this.failures - 1));
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timeout = setTimeout(() => controller && controller.abort(), 30000);
    try {
      const res = await fetch(this.base + '/v3/directline' + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        signal: controller ? controller.signal : undefined,
      });
      let data: Record<string, unknown> = {};
      try {
        const parsed: unknown = await res.json();
        if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
      } catch {
        // An empty or non-JSON body.
      }
      const ra = Number(res.headers.get('Retry-After'));
      return { status: res.status, data, retryAfter: isFinite(ra) && ra >= 0 ? ra : null };
    } finally {
      clearTimeout(timeout);
    }
  }

  private save(patch: { token?: unknown; expires_in?: unknown }): void {
    if (!this.session) return;
    const s: Session = { ...this.session };
    if (typeof patch.token === 'string' && patch.token) s.token = patch.token;
    const ttl = patch.expires_in;
    if (typeof ttl === 'number' && ttl > 0) {
      s.refreshAt = Date.now() + Math.max(ttl / 2, ttl - 120) * 1000;
      s.expiresAt = Date.now() + ttl * 1000;
    }
    this.session = s;
    this.storage.write(this.storageKey, s);
  }

  /** Reconnects to the stored conversation; false when it is gone or its token expired (then a new one starts). */
  private async resume(gen: number): Promise<boolean> {
    const s = this.session;
    if (!s || expired(s)) return false;
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await this.request('GET', '/conversations/' + encodeURIComponent(s.conversationId) + '?watermark=', undefined, this.session!.token);
      this.still(gen);
      if (r.status === 200 || r.status === 201) {
        this.save({ token: r.data.token, expires_in: r.data.expires_in });
        // Read everything from the start, to rebuild the log.
        this.watermark = undefined;
        this.rereading = true;
        return true;
      }
      if ((r.status === 401 || r.status === 403) && attempt === 0) {
        const refreshed = await this.refresh();
        this.still(gen);
        if (!refreshed) return false;
        continue;
      }
      if (r.status === 401 || r.status === 403 || r.status === 404 || r.status === 400) return false;
      throw new HttpError(r.status);
    }
    return false;
  }

  /** A new conversation: a token, then the conversation itself (the bot greets). */
  private async startFresh(generation: number): Promise<void> {
    const hadOne = this.session !== null;
    this.session = null;
    this.watermark = undefined;
    this.rereading = false;
    // The conversation kept here is gone or expired: its traces go too, and with them the choice
    // to keep it on the device (the new conversation is for this tab unless chosen again).
    if (hadOne) this.storage.clear();
    else this.storage.write(this.storageKey, null);
    if (hadOne) this.events.reset();
    const userId = randomId('dl_');
    const gen = await this.request('POST', '/tokens/generate', { user: { id: userId } });
    this.still(generation);
    if (gen.status !== 200 && gen.status !== 201) throw new HttpError(gen.status);
    const token = String(gen.data.token || '');
    const conv = await this.request('POST', '/conversations', { user: { id: userId }, locale: this.locale() }, token);
    this.still(generation);
    if (conv.status !== 200 && conv.status !== 201) throw new HttpError(conv.status);
    const conversationId = String(conv.data.conversationId || gen.data.conversationId || '');
    if (!conversationId) throw new HttpError(conv.status);
    this.session = { conversationId, token: typeof conv.data.token === 'string' ? conv.data.token : token, userId };
    this.save({ expires_in: typeof conv.data.expires_in === 'number' ? conv.data.expires_in : gen.data.expires_in });
  }

  /** A fresh token for the same conversation; false when the server refuses it, or the token has expired. */
  private async refresh(): Promise<boolean> {
    const s = this.session;
    if (!s || expired(s)) return false;
    const r = await this.request('POST', '/tokens/refresh', { token: s.token }, s.token);
    if (this.session !== s) return false;
    if ((r.status === 200 || r.status === 201) && typeof r.data.token === 'string') {
      this.save({ token: r.data.token, expires_in: r.data.expires_in });
      return true;
    }
    if (r.status >= 400 && r.status < 500 && r.status !== 429) return false;
    throw new HttpError(r.status);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.active || !this.connected) return;
    this.timer = setTimeout(() => void this.poll(), ms);
  }

  private pollSoon(): void {
    this.fastUntil = Date.now() + FAST_FOR_MS;
    if (this.polling) this.pollAgain = true;
    else this.schedule(0);
  }

  private async poll(): Promise<void> {
    const s = this.session;
    if (this.polling || !s) return;
    const gen = this.generation;
    this.polling = true;
    this.pollAgain = false;
    let next = Date.now() < this.fastUntil ? FAST_POLL_MS : POLL_MS;
    try {
      // Left too long (a closed panel is not polled): the token expired, and with it the
      // conversation on this device. A new one starts; the old one is not shown again.
      if (expired(s)) {
        await this.startFresh(gen);
        next = 0;
        return;
      }
      if (s.refreshAt && Date.now() > s.refreshAt) await this.refresh().catch(() => false);
      this.still(gen);
      const query = this.watermark ? '?watermark=' + encodeURIComponent(this.watermark) : '';
      const r = await this.request('GET', '/conversations/' + encodeURIComponent(s.conversationId) + '/activities' + query, undefined, this.session!.token);
      if (this.session === null || this.session.conversationId !== s.conversationId) return;
      if (r.status === 200) {
        if (this.failures) this.events.status('online');
        this.failures = 0;
        const list = Array.isArray(r.data.activities) ? (r.data.activities as Activity[]) : [];
        if (typeof r.data.watermark === 'string' && r.data.watermark) this.watermark = r.data.watermark;
        else if (typeof r.data.watermark === 'number') this.watermark = String(r.data.watermark);
        const history = this.rereading;
        this.rereading = false;
        if (list.length) this.events.activities(list, s.userId, history);
      } else if (r.status === 429) {
        next = r.retryAfter !== null ? r.retryAfter * 1000 : 2000;
      } else if (r.status === 401 || r.status === 403) {
        const refreshed = await this.refresh();
        this.still(gen);
        if (!refreshed) await this.startFresh(gen);
        next = 0;
      } else if (r.status === 404) {
        await this.startFresh(gen);
        next = 0;
      } else {
        throw new HttpError(r.status);
      }
    } catch (err) {
      if (err instanceof Superseded || gen !== this.generation) return;
      this.events.status('offline');
      next = this.backoff();
      if (!this.session) {
        // A new conversation could not be started: connecting again (with its backoff) does it.
        this.connected = false;
        void this.connect();
      }
    } finally {
      this.polling = false;
      if (this.pollAgain) next = 0;
      this.schedule(next);
    }
  }

  private async post(text: string, clientActivityID: string): Promise<boolean> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const s = this.session;
      if (!s) return false;
      const activity = { type: 'message', from: { id: s.userId }, text, locale: this.locale(), channelData: { clientActivityID } };
      let r: Reply;
      try {
        r = await this.request('POST', '/conversations/' + encodeURIComponent(s.conversationId) + '/activities', activity, s.token);
      } catch {
        return false;
      }
      if (r.status === 200 || r.status === 201 || r.status === 202) {
        this.pollSoon();
        return true;
      }
      if (r.status === 429) {
        await new Promise((res) => setTimeout(res, (r.retryAfter !== null ? r.retryAfter : 1) * 1000));
        continue;
      }
      if ((r.status === 401 || r.status === 403) && attempt === 0) {
        const ok = await this.refresh().catch(() => false);
        if (ok) continue;
      }
      return false;
    }
    return false;
  }
}
