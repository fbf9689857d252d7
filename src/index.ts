/**
 * Composition root: configuration in, the server up. `npm start`.
 */
import { ConfigError, loadConfig, loadDotEnv } from './config/env';
import { startApp } from './server/start';

async function main() {
  loadDotEnv();
  const config = loadConfig();
  const app = await startApp(config);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err: Error) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `start failed: ${err.message}\n`);
  process.exit(1);
});
