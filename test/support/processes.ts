/**
 * Real server processes, as an operator runs them: `src/index.ts` in its own Node process, with
 * its environment, its logs captured, killable with any signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import twilio from 'twilio';
import { TEST_TWILIO, freePort } from './server';

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  /** Everything it wrote to stdout and stderr. */
  output: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** `entry`: the script to run instead of src/index.ts (a test's variant of it, e.g. with another chart). */
export async function spawnServer(env: Record<string, string>, o: { entry?: string } = {}): Promise<ServerProcess> {
  const port = await freePort();
  let out = '';
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', o.entry ?? 'src/index.ts'], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, LOG_LEVEL: 'debug', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Up when it answers; a process that dies first fails the test with its output.
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited at start:\n${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (i > 600) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    proc,
    output: () => out,
    async kill(signal) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}

/** Posts an SMS webhook to `url`, signed for the public URL every instance shares. */
export async function sms(url: string, publicBaseUrl: string, params: Record<string, string>) {
  const full = { To: '+17165550100', NumMedia: '0', ...params };
  const signed = `${publicBaseUrl}/api/sms`;
  const r = await fetch(`${url}/api/sms`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, signed, full),
    },
    body: new URLSearchParams(full).toString(),
  });
  return { status: r.status, body: await r.text() };
}

/** The texts of a TwiML reply. */
export function twimlTexts(xml: string): string[] {
  return [...xml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    m[1]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}
