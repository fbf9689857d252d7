/**
 * A local stand-in for Twilio's REST API: POST /2010-04-01/Accounts/:sid/Messages.json records
 * each message and answers 201 with a message resource, as Twilio does. A number in
 * `unsubscribed` is refused with Twilio's error 21610, as after the recipient sent STOP to Twilio.
 * The StatusCallback a message asks for is recorded: a test reports statuses there, signed, as
 * Twilio would.
 * The server under test reaches it through TWILIO_API_URL.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  accountSid: string;
  /** The HTTP Basic credentials the client used (account SID and auth token). */
  username: string;
  password: string;
  from: string;
  to: string;
  body: string;
  sid: string;
  /** The StatusCallback URL the message asked for (where Twilio would report its status), or null. */
  statusCallback: string | null;
}

/** A media item of an inbound MMS, held as Twilio holds it until it is deleted. */
export interface FakeMedia {
  bytes: Buffer;
  contentType: string;
}

export interface FakeTwilio {
  url: string;
  /**
   * Media of inbound messages: MediaUrl paths (/2010-04-01/Accounts/:sid/Messages/:msg/Media/:me)
   * answer, with the account's Basic credentials, a redirect to a storage URL of their own (no
   * credentials there), as Twilio's do; DELETE on the same path removes the item (204).
   */
  media: Map<string, FakeMedia>;
  /** Adds a media item to a message; returns its MediaUrl as Twilio gives it (api.twilio.com). */
  addMedia(accountSid: string, messageSid: string, item: FakeMedia): string;
  /** Each media request: method, path, and whether it carried the account's credentials. */
  mediaRequests: Array<{ method: string; path: string; authorized: boolean }>;
  messages: SentMessage[];
  /** Numbers Twilio refuses to message (error 21610). */
  unsubscribed: Set<string>;
  /** The messages sent to one number. */
  to(address: string): SentMessage[];
  close(): Promise<void>;
}

const MESSAGES = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;
const MEDIA = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\/((?:MM|SM)[0-9a-fA-F]{32})\/Media\/(ME[0-9a-fA-F]{32})$/;
const STORAGE = /^\/storage\/([0-9a-f]{16})$/;

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function error(res: ServerResponse, status: number, code: number, message: string) {
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const messages: SentMessage[] = [];
  const unsubscribed = new Set<string>();
  const media = new Map<string, FakeMedia>();
  const storage = new Map<string, string>();
  const mediaRequests: FakeTwilio['mediaRequests'] = [];

  const server: Server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '').split('?')[0];
      const stored = STORAGE.exec(path);
      if (stored) {
        // Storage behind the redirect: no credentials wanted (a signed URL in real life).
        mediaRequests.push({ method: req.method ?? '', path, authorized: Boolean(req.headers.authorization) });
        const item = media.get(storage.get(stored[1]) ?? '');
        if (!item) return error(res, 404, 20404, 'The requested resource was not found');
        res.writeHead(200, { 'Content-Type': item.contentType, 'Content-Length': String(item.bytes.length) });
        return res.end(item.bytes);
      }
      const mediaMatch = MEDIA.exec(path);
      if (mediaMatch) {
        const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
        const [username, password] = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':') : ['', ''];
        const authorized = username === mediaMatch[1] && password !== '';
        mediaRequests.push({ method: req.method ?? '', path, authorized });
        if (!authorized) return error(res, 401, 20003, 'Authenticate');
        const item = media.get(path);
        if (!item) return error(res, 404, 20404, 'The requested resource was not found');
        if (req.method === 'DELETE') {
          media.delete(path);
          res.writeHead(204);
          return res.end();
        }
        if (req.method !== 'GET') return error(res, 405, 20004, 'Method not allowed');
        const key = randomBytes(8).toString('hex');
        storage.set(key, path);
        res.writeHead(307, { Location: `http://${req.headers.host}/storage/${key}` });
        return res.end();
      }
      const match = MESSAGES.exec(path);
      if (req.method !== 'POST' || !match) return error(res, 404, 20404, 'The requested resource was not found');
      const accountSid = match[1];
      const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
      const [username, password] = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':') : ['', ''];
      if (!username || username !== accountSid || !password) return error(res, 401, 20003, 'Authenticate');
      if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return error(res, 400, 20001, 'Expected a form body');
      }
      const form = new URLSearchParams(await read(req));
      const from = form.get('From') ?? '';
      const to = form.get('To') ?? '';
      const body = form.get('Body') ?? '';
      if (!to) return error(res, 400, 21604, "A 'To' phone number is required.");
      if (!from && !form.get('MessagingServiceSid')) return error(res, 400, 21603, "A 'From' phone number is required.");
      if (!body && !form.get('MediaUrl')) return error(res, 400, 21602, 'Message body is required.');
      if (unsubscribed.has(to)) return error(res, 400, 21610, 'Attempt to send to unsubscribed recipient');
      const sid = 'SM' + randomBytes(16).toString('hex');
      messages.push({ accountSid, username, password, from, to, body, sid, statusCallback: form.get('StatusCallback') });
      const now = new Date().toUTCString();
      return json(res, 201, {
        sid,
        account_sid: accountSid,
        api_version: '2010-04-01',
        body,
        date_created: now,
        date_updated: now,
        date_sent: null,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from,
        to,
        messaging_service_sid: form.get('MessagingServiceSid'),
        num_media: '0',
        num_segments: String(Math.max(1, Math.ceil(body.length / 153))),
        price: null,
        price_unit: 'USD',
        status: 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      });
    } catch {
      return error(res, 500, 20500, 'Internal Server Error');
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    unsubscribed,
    media,
    mediaRequests,
    addMedia(accountSid, messageSid, item) {
      const path = `/2010-04-01/Accounts/${accountSid}/Messages/${messageSid}/Media/ME${randomBytes(16).toString('hex')}`;
      media.set(path, item);
      return `https://api.twilio.com${path}`;
    },
    to: (address) => messages.filter((m) => m.to === address),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
