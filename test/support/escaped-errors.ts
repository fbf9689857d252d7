/**
 * Errors thrown where nobody catches them (XState reports an actor error nobody observes from a
 * timer): collected for the whole test file, so a test can assert none escaped.
 */
export function collectEscapedErrors(): unknown[] {
  const escaped: unknown[] = [];
  const record = (e: unknown) => escaped.push(e);
  beforeAll(() => {
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
  });
  afterAll(() => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  });
  return escaped;
}
