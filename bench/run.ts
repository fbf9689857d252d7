/**
 * `npm run bench`: the load benchmark (issue 6, part 1). Not a test: it runs by hand and prints
 * figures. See bench/README.md for what each one means.
 *
 * Per store (the embedded SQLite file, and MongoDB: MONGODB_URI, else FerretDB built from
 * tools/ferretdb): the floor server and ours under the same SMS load (their throughput ratio), then
 * ours under the mixed load (SMS + a share of Direct Line). Then part 2: ours on an empty store and
 * on a store holding 10,000 finished and 10,000 idle conversations, peak memory of both.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../src/config/env';
import { startMongoServer, withDatabase, type MongoTestServer } from '../test/support/mongo-server';
import { growthTable, storeGrowth, type GrowthRow } from './store-growth';
import { TEST_TWILIO } from '../test/support/server';
import { runLoad, type LateReplies, type LoadResult } from './families';
import { LANGUAGES } from '../dialogs/context';
import { Catalog } from '../src/i18n/catalog';
import { spooledNotice } from '../src/spool/notice';
import { startFakeTwilio, type FakeTwilio } from '../test/support/fake-twilio';
import { fillStore, type FillResult } from './fill';
import { ROOT, startProcess, type Proc } from './processes';
import { MemorySampler, procCpuMs, procMemoryMb, summarize, type LatencySummary } from './stats';

type StoreKind = 'sqlite' | 'mongodb';

interface Args {
  families: number;
  concurrency: number;
  webShare: number;
  warmup: number;
  stores: StoreKind[];
  part2Stores: StoreKind[];
  fillFinished: number;
  fillIdle: number;
  part2Families: number;
  profile: boolean;
  out: string;
  only: string | null;
  /** The paced run's pause between a reply and the next message (0: no paced run). */
  thinkMs: number;
  /** Another copy of the project to run our server from (a before/after comparison). */
  serverRoot: string | null;
  /** Store growth (bench/store-growth.ts): the stored conversations of each size; empty: none. */
  growth: number[];
  growthFamilies: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    families: 200,
    concurrency: 0,
    webShare: 0.1,
    warmup: 20,
    stores: ['sqlite', 'mongodb'],
    part2Stores: ['sqlite'],
    fillFinished: 10_000,
    fillIdle: 10_000,
    part2Families: 200,
    profile: false,
    out: join(ROOT, 'bench', 'results'),
    only: null,
    serverRoot: null,
    thinkMs: 1000,
    growth: [],
    growthFamilies: 5,
  };
  const value = (i: number) => {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${argv[i]} needs a value`);
    return v;
  };
  const stores = (v: string): StoreKind[] =>
    v === 'none'
      ? []
      : v.split(',').map((s) => {
          if (s !== 'sqlite' && s !== 'mongodb') throw new Error(`unknown store ${s} (sqlite, mongodb)`);
          return s;
        });
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--families':
        a.families = Number(value(i++));
        break;
      case '--concurrency':
        a.concurrency = Number(value(i++));
        break;
      case '--web-share':
        a.webShare = Number(value(i++));
        break;
      case '--warmup':
        a.warmup = Number(value(i++));
        break;
      case '--stores':
        a.stores = stores(value(i++));
        break;
      case '--part2':
        a.part2Stores = stores(value(i++));
        break;
      case '--fill':
        a.fillFinished = a.fillIdle = Number(value(i++));
        break;
      case '--part2-families':
        a.part2Families = Number(value(i++));
        break;
      case '--profile':
        a.profile = true;
        break;
      case '--out':
        a.out = value(i++);
        break;
      case '--only':
        a.only = value(i++);
        break;
      case '--server-root':
        a.serverRoot = value(i++);
        break;
      case '--think-ms':
        a.thinkMs = Number(value(i++));
        break;
      case '--growth':
        a.growth = value(i++).split(',').map(Number);
        break;
      case '--growth-families':
        a.growthFamilies = Number(value(i++));
        break;
      case '--help':
        process.stdout.write(
          'npm run bench -- [--families 200] [--concurrency N (default: families)] [--web-share 0.1] [--warmup 20]\n' +
            '  [--stores sqlite,mongodb] [--part2 sqlite|mongodb|none] [--fill 10000] [--part2-families 200] [--only floor|sms|mixed|paced|growth]\n' +
            '  [--think-ms 1000 (the paced run; 0: none)] [--profile] [--out dir] [--server-root dir]\n' +
            '  [--growth 100,1000,10000 (store growth: turn cost with that many stored conversations)] [--growth-families 5]\n',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${argv[i]} (--help)`);
    }
  }
  if (!a.concurrency) a.concurrency = a.families;
  for (const [k, v] of Object.entries({ families: a.families, concurrency: a.concurrency, warmup: a.warmup, 'think-ms': a.thinkMs })) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${k} must be a whole number`);
  }
  if (!(a.webShare >= 0 && a.webShare <= 1)) throw new Error('--web-share is between 0 and 1');
  if (a.growth.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--growth is a list of whole numbers, 1 or more');
  return a;
}

const ENCRYPTION_KEY = randomBytes(32).toString('base64');

const FIRM = { name: 'Test Law', phone: '+1 716 555 0100', timeZone: 'America/New_York' };
let fakeTwilio: FakeTwilio | null = null;

/** Late replies: the notice in each language, and what the stand-in REST API was asked to send. */
function lateReplies(twilioApi: FakeTwilio): LateReplies {
  const catalog = new Catalog();
  const notices = LANGUAGES.map((l) => spooledNotice(catalog, FIRM, l).text);
  return { isNotice: (text) => notices.includes(text), sentTo: (to) => twilioApi.to(to).map((m) => m.body) };
}

/** The server's environment, as test/support/server.ts sets it, for one store. */
function serverEnv(dataDir: string, mongodbUri: string | null): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    FIRM_NAME: FIRM.name,
    FIRM_PHONE: FIRM.phone,
    FIRM_TIMEZONE: FIRM.timeZone,
    TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
    TWILIO_PHONE_NUMBER: '+17165550100',
    // Proactive messages: a late reply (an SMS answered after Twilio's time, src/spool) goes to
    // the bench's stand-in for Twilio's REST API, where its family waits for it.
    TWILIO_API_URL: fakeTwilio?.url ?? 'http://127.0.0.1:9',
    ENCRYPTION_KEY,
    MONGODB_URI: mongodbUri ?? '',
    // Every simulated browser comes from 127.0.0.1: the per-IP web limits (src/limits) would
    // count hundreds of families as one visitor. Per-number SMS limits stay as configured.
    RATE_DIRECTLINE_TOKENS_PER_IP_PER_MINUTE: '0',
    RATE_DIRECTLINE_CONVERSATIONS_PER_IP_PER_HOUR: '0',
    MAX_OPEN_WEB_CONVERSATIONS_PER_IP: '0',
    // Likewise every simulated family's connection: --families may go past the per-IP cap.
    MAX_CONNECTIONS_PER_IP: '0',
  };
}

/** sms: SMS only, each message sent when the last is answered; mixed: with Direct Line; paced: SMS at a person's pace. */
type Load = 'sms' | 'mixed' | 'paced';

interface RunRow {
  store: StoreKind;
  server: 'floor' | 'ours';
  load: Load;
  families: number;
  concurrency: number;
  completed: number;
  turns: number;
  webTurns: number;
  errors: number;
  errorSamples: string[];
  /** SMS turns answered late: the notice at once, the reply through the REST API (their latency runs until it came). */
  lateTurns: number;
  seconds: number;
  turnsPerSecond: number;
  latencyMs: LatencySummary;
  /** Each family's first message alone (its conversation is created then). */
  firstTurnLatencyMs: LatencySummary;
  peakRssMb: number;
  startRssMb: number;
  /** The server's CPU time (user + system) over the measured load, per turn. */
  cpuMsPerTurn: number;
  /** The part of it spent in the kernel (writes, fsync, sockets). */
  cpuSystemMsPerTurn: number;
  /** The paced run's mean pause between a reply and the next message (0 otherwise). */
  thinkMs: number;
  /** /proc/loadavg (1 min) before and after: other work on the machine skews every figure. */
  loadAverage: [number, number];
}

function progress(label: string, total: number) {
  let shown = -1;
  return (done: number) => {
    const pct = Math.floor((done / total) * 10);
    if (pct !== shown) {
      shown = pct;
      process.stderr.write(`\r  ${label}: ${done}/${total} families`);
      if (done === total) process.stderr.write('\n');
    }
  };
}

const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

let tag = Number.parseInt(randomBytes(2).toString('hex'), 16);

async function measure(o: {
  label: string;
  store: StoreKind;
  server: 'floor' | 'ours';
  load: Load;
  proc: Proc;
  args: Args;
  families: number;
  webShare: number;
}): Promise<RunRow> {
  const { proc, args } = o;
  const base = {
    baseUrl: proc.url,
    publicBaseUrl: proc.url,
    authToken: TEST_TWILIO.authToken,
    accountSid: TEST_TWILIO.accountSid,
    firmNumber: '+17165550100',
    webShare: o.webShare,
    expectIntake: o.server === 'ours',
    ...(o.server === 'ours' && fakeTwilio ? { late: lateReplies(fakeTwilio) } : {}),
  };
  // A short warm-up first (its figures are dropped): the JIT and the caches, as in a server that has run a while.
  if (args.warmup > 0) await runLoad({ ...base, families: args.warmup, concurrency: Math.min(args.warmup, 20), runTag: ++tag });
  const startRssMb = procMemoryMb(proc.pid, 'VmRSS') ?? 0;
  const loadBefore = loadAverage();
  const memory = new MemorySampler(proc.pid);
  const concurrency = Math.min(args.concurrency, o.families);
  const thinkMs = o.load === 'paced' ? args.thinkMs : 0;
  const cpuBefore = procCpuMs(proc.pid) ?? { user: 0, system: 0 };
  const r: LoadResult = await runLoad({ ...base, families: o.families, concurrency, thinkMs, runTag: ++tag, onFamily: progress(o.label, o.families) });
  const cpuAfter = procCpuMs(proc.pid) ?? cpuBefore;
  const perTurn = (ms: number) => (r.turns ? Math.round((ms / r.turns) * 100) / 100 : 0);
  const peakRssMb = memory.peak();
  memory.stop();
  const seconds = r.elapsedMs / 1000;
  return {
    store: o.store,
    server: o.server,
    load: o.load,
    families: o.families,
    concurrency,
    completed: r.completed,
    turns: r.turns,
    webTurns: r.webTurns,
    errors: r.errors,
    errorSamples: r.errorSamples,
    lateTurns: r.lateTurns,
    seconds: Math.round(seconds * 10) / 10,
    turnsPerSecond: Math.round((r.turns / seconds) * 10) / 10,
    latencyMs: summarize(r.latenciesMs),
    firstTurnLatencyMs: summarize(r.firstLatenciesMs),
    peakRssMb,
    startRssMb,
    loadAverage: [loadBefore, loadAverage()],
    cpuMsPerTurn: perTurn(cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system),
    cpuSystemMsPerTurn: perTurn(cpuAfter.system - cpuBefore.system),
    thinkMs,
  };
}

interface StoreHandle {
  kind: StoreKind;
  /** A fresh place for one server: a data folder, or a database of its own. */
  fresh(label: string): { dataDir: string; mongodbUri: string | null };
  describe: string;
  cleanup(): Promise<void>;
}

async function storeHandle(kind: StoreKind, scratch: string, mongo: () => Promise<MongoTestServer>): Promise<StoreHandle> {
  if (kind === 'sqlite') {
    return {
      kind,
      describe: 'SQLite (WAL, synchronous FULL), embedded',
      fresh: (label) => ({ dataDir: mkdtempSync(join(scratch, `${label}-`)), mongodbUri: null }),
      cleanup: async () => undefined,
    };
  }
  const server = await mongo();
  const made: string[] = [];
  return {
    kind,
    describe: server.kind,
    fresh: (label) => {
      const db = `bench_${label.replace(/[^A-Za-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
      made.push(db);
      return { dataDir: mkdtempSync(join(scratch, `${label}-`)), mongodbUri: withDatabase(server.uri, db) };
    },
    // The bench's databases go (MONGODB_URI may be a server that outlives the run).
    cleanup: async () => {
      const client = new MongoClient(server.uri);
      try {
        await client.connect();
        for (const db of made)
          await client
            .db(db)
            .dropDatabase()
            .catch(() => undefined);
      } finally {
        await client.close();
      }
    },
  };
}

const OURS = 'src/index.ts';
const FLOOR = 'bench/floor-server.ts';

interface Part2Row {
  store: StoreKind;
  emptyStartRssMb: number;
  emptyPeakRssMb: number;
  fullStartRssMb: number;
  fullPeakRssMb: number;
  fill: FillResult;
  emptyRun: RunRow;
  fullRun: RunRow;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'intake-bench-'));
  const profileDir = join(ROOT, 'bench', 'profiles');
  let mongoServer: MongoTestServer | null = null;
  const mongo = async () => (mongoServer ??= await startMongoServer(process.env));
  fakeTwilio = await startFakeTwilio();
  const rows: RunRow[] = [];
  const part2: Part2Row[] = [];
  const growth: GrowthRow[] = [];
  const stores: Record<string, string> = {};
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  process.stderr.write(`bench: ${args.families} families, ${args.concurrency} at a time, ${Math.round(args.webShare * 100)}% by Direct Line; ${machine}\n`);
  try {
    for (const kind of args.stores) {
      const handle = await storeHandle(kind, scratch, mongo);
      stores[kind] = handle.describe;
      process.stderr.write(`store: ${kind} (${handle.describe})\n`);
      const runs: Array<{ server: 'floor' | 'ours'; load: Load }> = [
        { server: 'floor', load: 'sms' },
        { server: 'ours', load: 'sms' },
        { server: 'ours', load: 'mixed' },
        ...(args.thinkMs > 0 ? [{ server: 'ours' as const, load: 'paced' as const }] : []),
      ];
      for (const run of runs) {
        if (args.only && (args.only === 'growth' || args.only !== (run.server === 'floor' ? 'floor' : run.load))) continue;
        const where = handle.fresh(`${kind}-${run.server}-${run.load}`);
        const env = serverEnv(where.dataDir, where.mongodbUri);
        const nodeArgs = args.profile && run.server === 'ours' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
        const proc = run.server === 'floor' ? await startProcess(FLOOR, env) : await startProcess(OURS, env, nodeArgs, args.serverRoot ?? ROOT);
        try {
          rows.push(
            await measure({
              label: `${kind} ${run.server} ${run.load}`,
              store: kind,
              ...run,
              proc,
              args,
              families: args.families,
              webShare: run.load === 'mixed' ? args.webShare : 0,
            }),
          );
        } finally {
          await proc.stop();
          if (process.env.BENCH_TRACE) process.stderr.write(proc.output());
        }
      }
      if (args.part2Stores.includes(kind) && args.only !== 'growth') part2.push(await memoryPart(handle, args));
      if (args.growth.length) {
        const server = kind === 'mongodb' ? await mongo() : null;
        growth.push(
          ...(await storeGrowth(kind, {
            sizes: args.growth,
            families: args.growthFamilies,
            mongoUri: server?.uri ?? null,
            serverKind: server?.kind ?? '',
            log: (l) => process.stderr.write(`growth: ${l}\n`),
          })),
        );
      }
      await handle.cleanup();
    }
  } finally {
    await (mongoServer as MongoTestServer | null)?.stop();
    await fakeTwilio.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  report(args, machine, stores, rows, part2, growth);
}

/** Part 2: does the server's memory grow with what the store holds? */
async function memoryPart(handle: StoreHandle, args: Args): Promise<Part2Row> {
  const families = Math.min(args.part2Families, args.families || args.part2Families);
  const once = async (label: string, where: { dataDir: string; mongodbUri: string | null }) => {
    const proc = await startProcess(OURS, serverEnv(where.dataDir, where.mongodbUri), [], args.serverRoot ?? ROOT);
    try {
      const row = await measure({
        label,
        store: handle.kind,
        server: 'ours',
        load: 'mixed',
        proc,
        args: { ...args, concurrency: Math.min(args.concurrency, families) },
        families,
        webShare: args.webShare,
      });
      return row;
    } finally {
      await proc.stop();
    }
  };
  const empty = handle.fresh(`${handle.kind}-empty`);
  const emptyRun = await once(`${handle.kind} part 2, empty store`, empty);
  const full = handle.fresh(`${handle.kind}-full`);
  process.stderr.write(`  filling: ${args.fillFinished} finished + ${args.fillIdle} idle conversations\n`);
  const fill = await fillStore(loadConfig({ ...serverEnv(full.dataDir, full.mongodbUri), PORT: '0' }), {
    finished: args.fillFinished,
    idle: args.fillIdle,
    onProgress: (n) => process.stderr.write(`\r  filled ${n}`),
  });
  process.stderr.write(`\n  filled in ${fill.seconds} s\n`);
  const fullRun = await once(`${handle.kind} part 2, full store`, full);
  return {
    store: handle.kind,
    fill,
    emptyRun,
    fullRun,
    emptyStartRssMb: emptyRun.startRssMb,
    emptyPeakRssMb: emptyRun.peakRssMb,
    fullStartRssMb: fullRun.startRssMb,
    fullPeakRssMb: fullRun.peakRssMb,
  };
}

function pad(s: string | number, n: number) {
  return String(s).padStart(n);
}

function report(args: Args, machine: string, stores: Record<string, string>, rows: RunRow[], part2: Part2Row[], growth: GrowthRow[]) {
  const out: string[] = [];
  out.push(
    '',
    `Load: ${args.families} families (whole intakes, en/fr/es), ${args.concurrency} at a time; "mixed": ${Math.round(args.webShare * 100)}% of them by Direct Line; "paced": SMS, each family pausing ${args.thinkMs} ms (0.5–1.5×) before each next message. ${machine}`,
  );
  for (const [k, v] of Object.entries(stores)) out.push(`  ${k}: ${v}`);
  out.push('');
  out.push(
    `${'store'.padEnd(8)} ${'server'.padEnd(6)} ${'load'.padEnd(6)} ${pad('turns', 6)} ${pad('turns/s', 8)} ${pad('p50 ms', 7)} ${pad('p95 ms', 7)} ${pad('p99 ms', 7)} ${pad('max ms', 7)} ${pad('1st p99', 8)} ${pad('errors', 6)} ${pad('late', 5)} ${pad('done', 5)} ${pad('cpu ms/t', 8)} ${pad('peak MB', 8)} ${pad('load', 9)}`,
  );
  for (const r of rows) {
    out.push(
      `${r.store.padEnd(8)} ${r.server.padEnd(6)} ${r.load.padEnd(6)} ${pad(r.turns, 6)} ${pad(r.turnsPerSecond.toFixed(1), 8)} ${pad(r.latencyMs.p50, 7)} ${pad(r.latencyMs.p95, 7)} ${pad(r.latencyMs.p99, 7)} ${pad(r.latencyMs.max, 7)} ${pad(r.firstTurnLatencyMs.p99, 8)} ${pad(r.errors, 6)} ${pad(r.lateTurns, 5)} ${pad(r.completed, 5)} ${pad(r.cpuMsPerTurn.toFixed(2), 8)} ${pad(r.peakRssMb, 8)} ${pad(`${r.loadAverage[0]}/${r.loadAverage[1]}`, 9)}`,
    );
    for (const e of r.errorSamples.slice(0, 3)) out.push(`    error: ${e}`);
  }
  const ratios: Record<string, number> = {};
  for (const store of new Set(rows.map((r) => r.store))) {
    const floor = rows.find((r) => r.store === store && r.server === 'floor');
    const ours = rows.find((r) => r.store === store && r.server === 'ours' && r.load === 'sms');
    const paced = rows.find((r) => r.store === store && r.server === 'ours' && r.load === 'paced');
    if (paced) out.push(`${store}: ${paced.concurrency} families at a person's pace (${paced.thinkMs} ms between messages): p99 ${paced.latencyMs.p99} ms`);
    if (!floor || !ours) continue;
    ratios[store] = ours.turnsPerSecond / floor.turnsPerSecond;
    out.push(`${store}: throughput ratio to floor: ${ratios[store].toFixed(2)}`);
    out.push(
      `${store}: server CPU per turn: ours ${ours.cpuMsPerTurn.toFixed(2)} ms (kernel ${ours.cpuSystemMsPerTurn.toFixed(2)}), floor ${floor.cpuMsPerTurn.toFixed(2)} ms (kernel ${floor.cpuSystemMsPerTurn.toFixed(2)})`,
    );
  }
  if (part2.length) {
    out.push('', 'Part 2: memory with the store empty and with it full (same load, mixed):');
    for (const p of part2) {
      out.push(`  ${p.store}: filled ${p.fill.finished} finished + ${p.fill.idle} idle conversations in ${p.fill.seconds} s`);
      out.push(`  ${p.store}: RSS after warm-up  empty ${p.emptyStartRssMb} MB, full ${p.fullStartRssMb} MB`);
      out.push(
        `  ${p.store}: peak RSS under load empty ${p.emptyPeakRssMb} MB, full ${p.fullPeakRssMb} MB (${p.fullPeakRssMb >= p.emptyPeakRssMb ? '+' : ''}${Math.round((p.fullPeakRssMb - p.emptyPeakRssMb) * 10) / 10} MB)`,
      );
      out.push(
        `  ${p.store}: turns/s empty ${p.emptyRun.turnsPerSecond}, full ${p.fullRun.turnsPerSecond}; p99 empty ${p.emptyRun.latencyMs.p99} ms, full ${p.fullRun.latencyMs.p99} ms; errors ${p.emptyRun.errors + p.fullRun.errors}`,
      );
    }
  }
  if (growth.length) {
    out.push(
      '',
      `Store growth: ${args.growthFamilies} whole intakes (SMS turns through the store API, one at a time) with N conversations stored; the store's calls alone: wall time, and this process's CPU in them (store code, cipher, MongoDB driver; SQLite's engine too, in-process):`,
    );
    out.push(growthTable(growth));
  }
  process.stdout.write(out.join('\n') + '\n');
  mkdirSync(args.out, { recursive: true });
  const file = join(args.out, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, args, stores, runs: rows, ratios, part2, growth }, null, 2));
  process.stdout.write(`\nJSON: ${file}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
