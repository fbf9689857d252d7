/**
 * Builds the parts from the configuration and starts serving. Used by src/index.ts and by the
 * tests, which start the real server on a free port.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { IntakeBot } from '../bot/intake-bot';
import type { Config } from '../config/env';
import { RetentionJob } from '../conversation/retention';
import { Redelivery } from '../conversation/redelivery';
import { InactivityScheduler } from '../conversation/scheduler';
import { Takeover } from '../conversation/takeover';
import { DocumentRequests } from '../conversation/document-request';
import { IntakeService } from '../conversation/service';
import { Handoff } from '../handoff/handoff';
import { pagesAPerson, setAsideReachesAPerson, warnNoticeGaps } from '../handoff/reach';
import { IntakeEngine, type Interview } from '../engine/intake-engine';
import { createLogger, type Logger } from '../log';
import { openStores, type Stores } from '../store/open';
import { FieldCipher } from '../store/cipher';
import { Spooling, type SpoolDeadlines } from '../spool/spooling';
import { Limits } from '../limits/limits';
import { createServer } from './app';
import { guardConnections, type ConnectionGuard } from './connections';
import type { Parts } from './parts';
import { twilioSenders } from '../channels/twilio/sender';
import { encryptionKeys, tokenSecret } from './keys';
import { UPLOAD_LINK_DAYS, UploadLinks } from '../documents/link';
import { DocumentWords } from '../documents/wording';
import type { DocumentDeskHooks } from '../documents/contract';
import { createDocumentDesk, purgeGoneIntakes } from '../documents/desk';
import { clearIncoming } from '../documents/incoming';
import { reportStart } from './start-report';
import { DEFAULT_STREAM_TIMING, DirectLineStreams, type StreamTiming } from '../channels/directline/streams';

/** How this machine reaches the server: through loopback when it listens on every interface. */
function localHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export interface RunningApp {
  url: string;
  server: Server;
  parts: Parts;
  /** Connections open per address (the per-IP cap's count). */
  connections: ConnectionGuard;
  close(): Promise<void>;
}

export { encryptionKeys, tokenSecret } from './keys';

export interface StartOptions {
  logger?: Logger;
  /** How often the schedulers look for due work; null: never by themselves (tests call tick). */
  schedulerEveryMs?: number | null;
  handoffEveryMs?: number | null;
  /** How often the outage spool looks for the database (null: never by itself; tests call parts.spooling.tick). */
  spoolEveryMs?: number | null;
  /** The chart the engine runs; tests only (a chart whose action throws). Default: the current interview. */
  interview?: Interview;
  /** Direct Line streams' keep-alive and look at other instances' turns (tests make them short). */
  streamTiming?: Partial<StreamTiming>;
  /**
   * The outage spool's waits (tests only): set apart so that a test of "a slow turn is waited
   * for" does not depend on how fast a loaded machine finishes it within Twilio's limit.
   */
  spoolDeadlines?: SpoolDeadlines;
}

/** The document pipeline's parts (src/documents); `hooks` are filled in by whoever hears of new documents. */
function documentParts(config: Config, secret: string, stores: Stores, logger: Logger, hooks: DocumentDeskHooks) {
  const documents = createDocumentDesk({
    storage: stores.documents,
    keys: encryptionKeys(config),
    cipher: new FieldCipher(encryptionKeys(config)),
    intakeOf: async (intakeId) => ((await stores.store.getPurged(intakeId)) ? null : stores.store.getIntake(intakeId)),
    limits: config.documents,
    clamd: config.documents.clamd,
    dataDir: config.dataDir,
    logger,
    hooks,
  });
  const purgeGone = () => purgeGoneIntakes(documents, stores.documents, async (intakeId) => (await stores.store.getPurged(intakeId)) !== null);
  return { parts: { uploadLinks: new UploadLinks(secret, config.publicBaseUrl), documentWords: new DocumentWords(config.documents), documents }, purgeGone };
}

export async function startApp(config: Config, o: StartOptions = {}): Promise<RunningApp> {
  const logger = o.logger ?? createLogger(config.logLevel);
  const stores = await openStores({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, keys: encryptionKeys(config, logger), logger });
  const { store } = stores;
  if (stores.onFerretDb) {
    // Measured: two instances racing a conditional update on FerretDB 1.24 both win most times.
    logger.warn({ store: 'mongodb' }, 'the database is FerretDB: run ONE instance of the assistant on it; several need MongoDB');
  }
  warnNoticeGaps(config, logger);
  const secret = tokenSecret(config, logger);
  // The family's upload link goes into the replies that carry it (src/i18n/render.ts), made as they are rendered.
  const links = new UploadLinks(secret, config.publicBaseUrl);
  const engine = new IntakeEngine(config.firm, undefined, undefined, o.interview, {
    pagesAPerson: pagesAPerson(config),
    setAsideReachesAPerson: setAsideReachesAPerson(config),
    uploadUrl: (intakeId, lang) => links.uploadLink(intakeId, lang).url,
  });
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const handoff = new Handoff({ config, store, handoff: stores.handoff, logger, secret, instanceId });
  const service = new IntakeService(store, engine, { reminderMinutes: config.reminderMinutes, abandonMinutes: config.abandonMinutes, logger }, handoff);
  const senders = twilioSenders(config, store, logger, stores.handoff);
  // With MongoDB, messages that come while the database is away wait in a local spool (src/spool).
  const spooling = new Spooling({
    store,
    kind: stores.kind,
    service,
    catalog: engine.catalog,
    firm: config.firm,
    senders,
    dataDir: config.dataDir,
    cipher: new FieldCipher(encryptionKeys(config)),
    secret,
    logger,
    deadlines: o.spoolDeadlines,
  });
  const bot = new IntakeBot(spooling.intake);
  // What a crash left of files being checked is unreadable (its key is gone): removed.
  await clearIncoming(config.dataDir);
  // Who hears of each document received (the firm's notifications): wired here.
  const documentHooks: DocumentDeskHooks = {};
  const docs = documentParts(config, secret, stores, logger, documentHooks);
  const retention = new RetentionJob(store, config.retentionDays, instanceId, logger, docs.purgeGone);
  const scheduler = new InactivityScheduler(store, service, senders, logger, retention);
  // A late reply never reaches a family an attorney is talking with.
  const redelivery = new Redelivery(store, senders, logger, async (intakeId) => (await stores.handoff.getHold(intakeId)) !== null);
  const streams = new DirectLineStreams({ config, store, spooling, logger, secret }, { ...DEFAULT_STREAM_TIMING, ...o.streamTiming });
  const takeover = new Takeover({ store, handoffStore: stores.handoff, service, senders, logger });
  // The firm hears of new documents (handoff.ts); a notice failing to be planned never refuses the file.
  documentHooks.onReceived = (info) =>
    handoff.documentReceived(info).catch((err) => logger.error({ err: (err as Error).name }, 'documents: the notice was not planned'));
  handoff.useDocuments(docs.parts.documents);
  const { uploadLinks, documentWords } = docs.parts;
  const documentRequests = new DocumentRequests({
    store,
    handoffStore: stores.handoff,
    service,
    senders,
    logger,
    link: (intakeId, lang, now) => uploadLinks.uploadLink(intakeId, lang, now),
    wording: (lang, item, url) => documentWords.t(lang, 'request.ask', { item: documentWords.item(lang, item), url, days: UPLOAD_LINK_DAYS }),
  });
  const parts: Parts = {
    config,
    logger,
    store,
    handoffStore: stores.handoff,
    accounts: stores.accounts,
    handoff,
    secret,
    engine,
    service,
    bot,
    senders,
    scheduler,
    spooling,
    limits: new Limits(config.limits),
    redelivery,
    streams,
    takeover,
    ...docs.parts,
    documentRequests,
  };
  const server = createServer(parts);
  const connections = guardConnections(server.server, config.server, parts.limits.trustedProxies, logger);
  streams.attach(server.server);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.port, config.server.host, () => {
      server.server.removeListener('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  if (o.schedulerEveryMs !== null) scheduler.start(o.schedulerEveryMs ?? 30_000);
  // What a process that died left unsent is looked for at once (tests drive tick themselves).
  if (o.schedulerEveryMs !== null) redelivery.start();
  if ((o.handoffEveryMs ?? o.schedulerEveryMs) !== null) handoff.start(o.handoffEveryMs ?? 5_000);
  if ((o.spoolEveryMs ?? o.schedulerEveryMs) !== null) spooling.start(o.spoolEveryMs ?? undefined);
  logger.info({ host: config.server.host, port, store: stores.kind }, 'listening');
  reportStart(config, port, logger);
  return {
    url: `http://${localHost(config.server.host)}:${port}`,
    server,
    parts,
    connections,
    async close() {
      await scheduler.stop();
      await redelivery.stop();
      await handoff.stop();
      await spooling.stop();
      // Open WebSockets would keep the server from closing.
      await streams.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stores.close();
      spooling.close();
    },
  };
}
