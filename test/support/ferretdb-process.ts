/**
 * A FerretDB of a test's own that the test can kill and start again on the same port and data
 * folder: a database outage and its end. Built by test/support/mongo-server.ts (ferretdbBinary);
 * the run's shared server is never touched. No Go, no FerretDB: the test fails saying so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ferretdbBinary } from './mongo-server';
import { freePort } from './ports';

const READY_WITHIN_MS = 30_000;

export interface OwnFerretDb {
  /** mongodb://127.0.0.1:<port>/ (no database). */
  uri: string;
  /** Kills the process (SIGKILL: as a crash or a lost host). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder; resolves once it answers a ping. */
  restart(): Promise<void>;
  /** Kills it and removes its folder. */
  dispose(): Promise<void>;
}

async function answersPing(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
  try {
    await client.connect();
    return (await client.db('admin').command({ ping: 1 })).ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

export async function startOwnFerretDb(): Promise<OwnFerretDb> {
  const bin = await ferretdbBinary();
  if (!bin) throw new Error('the outage test needs FerretDB, built from tools/ferretdb with Go 1.24 or later (go env GOVERSION found no Go)');
  const base = mkdtempSync(join(tmpdir(), 'ferretdb-outage-'));
  const dataDir = join(base, 'data');
  const logFile = join(base, 'ferretdb.log');
  const port = await freePort();
  const uri = `mongodb://127.0.0.1:${port}/`;
  let child: ChildProcess | null = null;

  const launch = async () => {
    // A killed FerretDB leaves its unix socket behind, and refuses to start over it.
    rmSync(join(dataDir, 'ferretdb.sock'), { force: true });
    const fd = openSync(logFile, 'a');
    const p = spawn(bin, ['-listen', `127.0.0.1:${port}`, '-dir', dataDir, '-stdin-lifeline'], { stdio: ['pipe', fd, fd] });
    closeSync(fd);
    p.stdin!.on('error', () => undefined);
    child = p;
    const deadline = Date.now() + READY_WITHIN_MS;
    while (!(await answersPing(uri))) {
      if (p.exitCode !== null || p.signalCode !== null || Date.now() > deadline) {
        throw new Error(`FerretDB did not answer on ${uri}:\n${existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : ''}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const kill = async () => {
    const p = child;
    child = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  };

  mkdirSync(dataDir);
  await launch();
  return {
    uri,
    kill,
    restart: launch,
    async dispose() {
      await kill();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
