/**
 * The servers under load, each a process of its own (as an operator runs them), so that the bench
 * client does not share their event loop and their memory can be read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../test/support/ports';

export const ROOT = join(__dirname, '..');

export interface Proc {
  url: string;
  port: number;
  pid: number;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `script` (TypeScript, turned into JavaScript by bench/ts-hook.js) with `env`, and waits until /healthz answers. */
export async function startProcess(script: string, env: Record<string, string>, nodeArgs: string[] = [], cwd = ROOT): Promise<Proc> {
  const port = await freePort();
  let out = '';
  const proc = spawn(process.execPath, [...nodeArgs, '-r', join(ROOT, 'bench', 'ts-hook.js'), script], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`${script} exited at start:\n${out.slice(-3000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 600) {
      proc.kill('SIGKILL');
      throw new Error(`${script} did not start:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    pid: proc.pid!,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
