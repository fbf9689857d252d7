/**
 * The floor: the least work any SMS intake must do per turn, on the same stack and the same kind
 * of store as ours. Per webhook: parse the form (restify's body parser, as ours), check Twilio's
 * signature, read the conversation's version, ONE insert into the transcript, ONE compare-and-set
 * of the conversation (version + 1), and a TwiML reply. No statechart, no language, no sealing,
 * no summary: what is left when everything an intake assistant adds is taken away.
 *
 * Env: PORT, PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN, and DATA_DIR (SQLite: WAL + synchronous FULL, as
 * src/store/sqlite.ts) or MONGODB_URI (w: majority, as src/store/mongo.ts).
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import restify from 'restify';
import twilio from 'twilio';

interface FloorStore {
  /** One turn: the inbound message into the transcript, the conversation's version compare-and-set. False on a lost race. */
  turn(channel: string, address: string, messageId: string, at: string, body: string): Promise<boolean>;
  close(): Promise<void>;
}

function sqliteFloor(dataDir: string): FloorStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS conversations (channel TEXT NOT NULL, address TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (channel, address));
    CREATE TABLE IF NOT EXISTS transcript (channel TEXT NOT NULL, message_id TEXT NOT NULL, address TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (channel, message_id));
  `);
  const read = db.prepare('SELECT version FROM conversations WHERE channel = ? AND address = ?');
  const insert = db.prepare('INSERT INTO transcript (channel, message_id, address, at, body) VALUES (?, ?, ?, ?, ?)');
  const create = db.prepare('INSERT OR IGNORE INTO conversations (channel, address, version, updated_at) VALUES (?, ?, 1, ?)');
  const cas = db.prepare('UPDATE conversations SET version = ?, updated_at = ? WHERE channel = ? AND address = ? AND version = ?');
  const turn = db.transaction((channel: string, address: string, messageId: string, at: string, body: string): boolean => {
    const row = read.get(channel, address) as { version: number } | undefined;
    insert.run(channel, messageId, address, at, body);
    const r = row ? cas.run(row.version + 1, at, channel, address, row.version) : create.run(channel, address, at);
    if (r.changes !== 1) throw new Error('lost race');
    return true;
  });
  return {
    async turn(...a) {
      return turn.immediate(...a);
    },
    async close() {
      db.close();
    },
  };
}

async function mongoFloor(uri: string): Promise<FloorStore> {
  const client = new MongoClient(uri, { appName: 'bench-floor', writeConcern: { w: 'majority' } });
  await client.connect();
  const db = client.db();
  const conversations = db.collection<{ _id: string; version: number; updatedAt: string }>('floorConversations');
  const transcript = db.collection<{ _id: string; address: string; at: string; body: string }>('floorTranscript');
  return {
    async turn(channel, address, messageId, at, body) {
      const key = `${channel}:${address}`;
      const current = await conversations.findOne({ _id: key }, { projection: { version: 1 } });
      await transcript.insertOne({ _id: `${channel}:${messageId}`, address, at, body });
      if (!current) {
        await conversations.insertOne({ _id: key, version: 1, updatedAt: at });
        return true;
      }
      const r = await conversations.updateOne({ _id: key, version: current.version }, { $set: { version: current.version + 1, updatedAt: at } });
      return r.matchedCount === 1;
    },
    async close() {
      await client.close();
    },
  };
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function main() {
  const port = Number(process.env.PORT ?? 3999);
  const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`;
  const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';
  const store = process.env.MONGODB_URI ? await mongoFloor(process.env.MONGODB_URI) : sqliteFloor(process.env.DATA_DIR ?? 'data-floor');
  const server = restify.createServer({ name: 'floor' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 64 * 1024, mapParams: false, mapFiles: false }));
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { ok: true });
    next();
  });
  server.post('/api/sms', async function floorWebhook(req, res) {
    const raw = (req as unknown as { rawBody?: string | Buffer }).rawBody;
    const params = Object.fromEntries(new URLSearchParams(typeof raw === 'string' ? raw : (raw?.toString('utf8') ?? '')));
    const signature = String(req.headers['x-twilio-signature'] ?? '');
    if (!signature || !twilio.validateRequest(authToken, signature, publicBaseUrl + req.url, params)) {
      res.send(403);
      return;
    }
    const ok = await store.turn('sms', params.From ?? '', params.MessageSid ?? '', new Date().toISOString(), params.Body ?? '');
    if (!ok) {
      res.send(503);
      return;
    }
    res.sendRaw(200, `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xml(`Received (${(params.Body ?? '').length})`)}</Message></Response>`, {
      'Content-Type': 'text/xml; charset=utf-8',
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = async () => {
    server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err: Error) => {
  process.stderr.write(`floor failed: ${err.message}\n`);
  process.exit(1);
});
