/**
 * Builds the parts from the configuration and starts serving. Used by src/index.ts and by the
 * tests, which start the real server on a free port.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { IntakeBot } from '../bot/intake-bot';
import type { Config } from '../config/env';
import { RetentionJob } from '../conversation/retention';
import { InactivityScheduler } from '../conversation/scheduler';
import { IntakeService, type IntakeEvents } from '../conversation/service';
import { IntakeEngine } from '../engine/intake-engine';
import { createLogger, type Logger } from '../log';
import { FieldCipher, type CipherKey } from '../store/cipher';
import { MongoStore } from '../store/mongo';
import { SqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { createServer } from './app';
import type { Parts } from './parts';
import { twilioSenders } from '../channels/twilio/sender';

export interface RunningApp {
  url: string;
  server: Server;
  parts: Parts;
  close(): Promise<void>;
}

/** Until attorney notifications exist (issue 5), escalations are logged: reference, tier, reasons. */
function loggedEvents(logger: Logger): IntakeEvents {
  return {
    escalated: (s, e) => logger.warn({ intakeId: s.intakeId, reference: s.reference, tier: e.tier, reasons: e.reasons }, 'escalation'),
    submitted: (s) => logger.info({ intakeId: s.intakeId, reference: s.reference, tier: s.triage.tier }, 'intake submitted'),
  };
}

/** MongoDB when MONGODB_URI is set (connected, its indexes made), else the embedded SQLite file. */
async function openStore(config: Config): Promise<Store> {
  const cipher = new FieldCipher(encryptionKeys(config));
  if (config.mongodbUri) return MongoStore.open(config.mongodbUri, cipher);
  return new SqliteStore(config.dataDir, cipher);
}

/** A secret kept in DATA_DIR, made once (mode 600) when the configuration gives none. */
function localSecret(config: Config, name: string, make: () => string): string {
  const file = join(config.dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Made meanwhile by another process on the same folder: use that one.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

/** The keys that seal data at rest: configured, or (embedded store) one made once in DATA_DIR. */
export function encryptionKeys(config: Config): CipherKey[] {
  if (config.encryptionKeys) return config.encryptionKeys;
  return [{ id: 'local', key: Buffer.from(localSecret(config, 'encryption-key', () => randomBytes(32).toString('base64')), 'base64') }];
}

/** The key that signs Direct Line tokens: configured, or made once and kept in DATA_DIR. */
export function tokenSecret(config: Config): string {
  return config.directLine.tokenSecret ?? localSecret(config, 'token-secret', () => randomBytes(32).toString('hex'));
}

export async function startApp(config: Config, o: { logger?: Logger; events?: IntakeEvents; schedulerEveryMs?: number | null } = {}): Promise<RunningApp> {
  const logger = o.logger ?? createLogger(config.logLevel);
  const store = await openStore(config);
  if (store instanceof MongoStore && store.onFerretDb) {
    // Measured: two instances racing a conditional update on FerretDB 1.24 both win most times.
    logger.warn({ store: 'mongodb' }, 'the database is FerretDB: run ONE instance of the assistant on it; several need MongoDB');
  }
  const engine = new IntakeEngine(config.firm);
  const service = new IntakeService(store, engine, { reminderMinutes: config.reminderMinutes, abandonMinutes: config.abandonMinutes }, o.events ?? loggedEvents(logger));
  const bot = new IntakeBot(service);
  const senders = twilioSenders(config, store, logger);
  const retention = new RetentionJob(store, config.retentionDays, `${hostname()}:${process.pid}`, logger);
  const scheduler = new InactivityScheduler(store, service, senders, logger, retention);
  const parts: Parts = { config, logger, store, engine, service, bot, senders, scheduler };
  const server = createServer(parts);
  await new Promise<void>((resolve) => server.listen(config.port, '0.0.0.0', resolve));
  const port = (server.address() as AddressInfo).port;
  if (o.schedulerEveryMs !== null) scheduler.start(o.schedulerEveryMs ?? 30_000);
  logger.info({ port, store: config.mongodbUri ? 'mongodb' : 'sqlite' }, 'listening');
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    parts,
    async close() {
      await scheduler.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
