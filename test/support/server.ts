/**
 * The real server, started in the test process on a free loopback port with its own data folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/env';
import { createLogger, type Logger } from '../../src/log';
import { startApp, type RunningApp, type StartOptions } from '../../src/server/start';
import { freePort } from './ports';

export { freePort };

export const TEST_TWILIO = { accountSid: 'AC' + '0123456789abcdef'.repeat(2), authToken: 'test-auth-token-0123456789' };

export interface TestServer extends RunningApp {
  dataDir: string;
  env: Record<string, string>;
}

/** Starts the server; `env` adds to or overrides the test defaults; `start`, more start options (a chart). */
export async function startTestServer(
  env: Record<string, string> = {},
  o: { dataDir?: string; logger?: Logger; start?: StartOptions } = {},
): Promise<TestServer> {
  const port = await freePort();
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'intake-'));
  const full = {
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    FIRM_NAME: 'Test Law',
    FIRM_PHONE: '+1 716 555 0100',
    FIRM_TIMEZONE: 'America/New_York',
    TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
    TWILIO_PHONE_NUMBER: '+17165550100',
    ...env,
  };
  const config = loadConfig(full);
  const app = await startApp(config, { logger: o.logger ?? createLogger('silent'), schedulerEveryMs: null, ...o.start });
  return { ...app, url: `http://127.0.0.1:${port}`, dataDir, env: full };
}
