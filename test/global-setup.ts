/**
 * Once per jest run: the MongoDB-wire server the MongoDB tests use (test/support/mongo-server.ts).
 * Its address reaches every test file as TEST_MONGODB_URI (jest workers inherit the environment
 * set here). When none can be had, TEST_MONGODB_ERROR says what to install, and the MongoDB tests
 * fail with it; the other suites still run.
 */
import { startMongoServer, type MongoTestServer } from './support/mongo-server';
import { writeWidget } from '../src/web/widget-build';

declare global {
  // Read back by test/global-teardown.ts (same context).
  var __MONGO_TEST_SERVER__: MongoTestServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  // The servers the tests start read widget.js as `npm run build` writes it: built once from source here.
  await writeWidget();
  try {
    const server = await startMongoServer();
    globalThis.__MONGO_TEST_SERVER__ = server;
    process.env.TEST_MONGODB_URI = server.uri;
    process.env.TEST_MONGODB_KIND = server.kind;
  } catch (err) {
    process.env.TEST_MONGODB_ERROR = (err as Error).message;
  }
  // The tests' own servers get their store from what each test passes, never from the shell.
  delete process.env.MONGODB_URI;
}
