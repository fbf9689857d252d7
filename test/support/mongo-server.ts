/**
 * The MongoDB-wire server the tests run against, started once per jest run (test/global-setup.ts)
 * and stopped at the end (test/global-teardown.ts). In order of preference:
 * 1. MONGODB_URI from the environment: a real MongoDB (mongod, a replica set, Atlas…).
 * 2. FerretDB 1.24.2 with its SQLite backend, built once from our Go module tools/ferretdb
 *    (needs Go 1.24 or later) and cached under .cache/ferretdb-<version>-<hash>/.
 * 3. mongodb-memory-server, which downloads a mongod (needs the internet).
 * None of them: the MongoDB tests fail with a message saying what to install; they never skip.
 * TEST_MONGODB_SERVER=ferretdb|memory picks one of 2 and 3.
 *
 * Each test file takes its own database on that server: testMongoUri().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { freePort } from './ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { dbNameOf } from '../../src/store/mongo';

export interface MongoTestServer {
  /** The server's connection string, without a database. */
  uri: string;
  /** What it is, for messages. */
  kind: string;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');
const FERRETDB_MODULE = join(ROOT, 'tools', 'ferretdb');
const READY_WITHIN_MS = 30_000;
const STOP_GRACE_MS = 5_000;

const WHAT_TO_INSTALL =
  'The MongoDB tests need a MongoDB-wire server. Either install Go 1.24 or later (https://go.dev/dl/; ' +
  'FerretDB is then built once from tools/ferretdb, about 1-2 minutes), or set MONGODB_URI to a MongoDB ' +
  'the tests may use (each test file makes its own database there), or let mongodb-memory-server download ' +
  'a mongod (internet access).';

function log(line: string) {
  process.stderr.write(`[mongo-server] ${line}\n`);
}

function run(cmd: string, args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.once('error', reject);
    p.once('close', (code) => resolve({ code, out }));
  });
}

/** The FerretDB version our module pins (go.mod). */
export function ferretdbVersion(): string {
  const m = /github\.com\/FerretDB\/FerretDB v(\S+)/.exec(readFileSync(join(FERRETDB_MODULE, 'go.mod'), 'utf8'));
  if (!m) throw new Error('tools/ferretdb/go.mod does not require github.com/FerretDB/FerretDB');
  return m[1];
}

/** Where the binary built from the module as it is now lives. */
export function ferretdbBinaryPath(): string {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go'])
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(join(FERRETDB_MODULE, f)));
  return join(ROOT, '.cache', `ferretdb-${ferretdbVersion()}-${hash.digest('hex').slice(0, 16)}`, 'ferretdb');
}

/** The FerretDB binary, built now if it is not in the cache. Null when there is no Go. */
export async function ferretdbBinary(): Promise<string | null> {
  const bin = ferretdbBinaryPath();
  if (existsSync(bin)) return bin;
  const go = await run('go', ['env', 'GOVERSION']).catch(() => null);
  if (!go || go.code !== 0) return null;
  const dir = join(bin, '..');
  mkdirSync(dir, { recursive: true });
  // Built aside, then renamed: a run interrupted midway, or another run building at the same
  // time, never leaves a half-written binary where it is looked for.
  const tmp = join(dir, `ferretdb.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  log(`building FerretDB ${ferretdbVersion()} from tools/ferretdb with ${go.out.trim()} (once; about 1-2 minutes)…`);
  const started = Date.now();
  const built = await run('go', ['build', '-trimpath', '-o', tmp, '.'], { cwd: FERRETDB_MODULE, env: { ...process.env, CGO_ENABLED: '0' } });
  if (built.code !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`building FerretDB from tools/ferretdb failed (go build, exit ${built.code}):\n${built.out.slice(-4000)}`);
  }
  renameSync(tmp, bin);
  log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${bin}`);
  return bin;
}

/** Answers a ping within `ms`, or throws what the last attempt said. */
async function waitForPing(uri: string, ms: number, alive: () => string | null): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const dead = alive();
    if (dead) throw new Error(dead);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      const r = await client.db('admin').command({ ping: 1 });
      if (r.ok === 1) return;
    } catch (err) {
      last = err;
    } finally {
      await client.close().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer to ping at ${uri} within ${ms / 1000} s: ${(last as Error | null)?.message ?? ''}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  child.stdin?.destroy();
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** FerretDB on a free loopback port with a fresh data folder. */
export async function startFerretDb(bin: string): Promise<MongoTestServer> {
  const base = mkdtempSync(join(tmpdir(), 'ferretdb-'));
  const logFile = join(base, 'ferretdb.log');
  const tail = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '');
  let lastError: unknown = null;
  // The port is free when chosen; another process may take it before FerretDB listens: try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dataDir = join(base, `data-${attempt}`);
    mkdirSync(dataDir);
    const fd = openSync(logFile, 'a');
    // Its stdin stays open while this process lives: if jest dies without its teardown,
    // FerretDB sees the end of its input and exits too.
    const child = spawn(bin, ['-listen', `127.0.0.1:${port}`, '-dir', dataDir, '-stdin-lifeline'], { stdio: ['pipe', fd, fd] });
    closeSync(fd);
    child.stdin!.on('error', () => undefined);
    const uri = `mongodb://127.0.0.1:${port}/`;
    try {
      await waitForPing(uri, READY_WITHIN_MS, () =>
        child.exitCode !== null || child.signalCode !== null ? `FerretDB exited (${child.exitCode ?? child.signalCode}):\n${tail()}` : null,
      );
      return {
        uri,
        kind: `FerretDB ${ferretdbVersion()} (SQLite backend, one command at a time)`,
        async stop() {
          await stopProcess(child);
          rmSync(base, { recursive: true, force: true });
        },
      };
    } catch (err) {
      lastError = err;
      await stopProcess(child);
    }
  }
  rmSync(base, { recursive: true, force: true });
  throw lastError;
}

/** A mongod downloaded by mongodb-memory-server. */
export async function startMemoryServer(): Promise<MongoTestServer> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({ instance: { ip: '127.0.0.1' } });
  const uri = server.getUri();
  await waitForPing(uri, READY_WITHIN_MS, () => null);
  return { uri, kind: 'mongod (mongodb-memory-server)', stop: async () => void (await server.stop()) };
}

/** The server for this run, per the order at the top of this file. */
export async function startMongoServer(env: NodeJS.ProcessEnv = process.env): Promise<MongoTestServer> {
  if (env.MONGODB_URI) {
    const uri = env.MONGODB_URI;
    await waitForPing(uri, READY_WITHIN_MS, () => null);
    return { uri, kind: 'MongoDB from MONGODB_URI', stop: async () => undefined };
  }
  const choice = env.TEST_MONGODB_SERVER ?? '';
  const problems: string[] = [];
  if (choice !== 'memory') {
    try {
      const bin = await ferretdbBinary();
      if (bin) return await startFerretDb(bin);
      problems.push('Go: not found (go env GOVERSION)');
    } catch (err) {
      problems.push(`FerretDB: ${(err as Error).message}`);
    }
  }
  if (choice !== 'ferretdb') {
    try {
      return await startMemoryServer();
    } catch (err) {
      problems.push(`mongodb-memory-server: ${(err as Error).message}`);
    }
  }
  throw new Error(`${WHAT_TO_INSTALL}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** `uri` with `db` as its database (keeping the authentication database it had). */
export function withDatabase(uri: string, db: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/)([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(uri);
  if (!m) throw new Error('not a MongoDB connection string');
  const [, scheme, hosts, path = '', query = ''] = m;
  const params = new URLSearchParams(query);
  // Credentials authenticate against the path's database unless authSource says otherwise.
  if (hosts.includes('@') && !params.has('authSource')) params.set('authSource', path === '' ? 'admin' : decodeURIComponent(path));
  const q = params.toString();
  return `${scheme}${hosts}/${encodeURIComponent(db)}${q ? `?${q}` : ''}`;
}

/**
 * A connection string to a database of its own on the run's server, for one test file (or one
 * test). Throws, with what to install, when the run has no server.
 */
export function testMongoUri(label = 'test'): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri)
    throw new Error(
      process.env.TEST_MONGODB_ERROR ?? 'TEST_MONGODB_URI is not set: run the tests with jest, whose globalSetup (test/global-setup.ts) starts the server',
    );
  return withDatabase(uri, `t_${label.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 30)}_${randomBytes(5).toString('hex')}`);
}

/**
 * The databases one test file makes on the run's server, each from `fresh(label)`, dropped when
 * the file ends (a shared MONGODB_URI stays clean); `db(uri)` reads one directly, past the store.
 * Call at the top level of the file: it registers the file's beforeAll and afterAll.
 */
export function scratchDatabases(prefix: string): { fresh(label: string): string; db(uri: string): Db } {
  const made: string[] = [];
  let raw: MongoClient | null = null;
  beforeAll(async () => {
    // Without a server, every test that uses it fails with what to install (test/global-setup.ts).
    raw = new MongoClient(testMongoUri('raw'));
    await raw.connect();
  });
  afterAll(async () => {
    if (!raw) return;
    for (const uri of made)
      await raw
        .db(dbNameOf(uri)!)
        .dropDatabase()
        .catch(() => undefined);
    await raw.close();
  });
  return {
    fresh(label) {
      const uri = testMongoUri(`${prefix}_${label}`);
      made.push(uri);
      return uri;
    },
    db(uri) {
      if (!raw) throw new Error('scratchDatabases: not connected (used outside a test?)');
      return raw.db(dbNameOf(uri)!);
    },
  };
}
