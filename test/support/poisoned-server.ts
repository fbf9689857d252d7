/**
 * src/index.ts with the poisoned chart (poisoned-chart.ts): the real server in its own process,
 * started by spawnServer(env, { entry: POISONED_SERVER }).
 */
import { join } from 'node:path';
import { loadConfig } from '../../src/config/env';
import { startApp } from '../../src/server/start';
import { poisonedInterview } from './poisoned-chart';

export const POISONED_SERVER = join('test', 'support', 'poisoned-server.ts');

async function main() {
  const app = await startApp(loadConfig(), { interview: poisonedInterview });
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`start failed: ${err.message}\n`);
    process.exit(1);
  });
}
