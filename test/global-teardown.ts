/** Stops the MongoDB-wire server of test/global-setup.ts. */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__MONGO_TEST_SERVER__;
  globalThis.__MONGO_TEST_SERVER__ = undefined;
  await server?.stop();
}
