/**
 * Configuration: every variable is checked at start; a wrong one stops the start with a message
 * naming it and what it expects.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config/env';

describe('configuration', () => {
  it('has working defaults: port 3978, the embedded store, no external service', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3978);
    expect(c.publicBaseUrl).toBe('http://localhost:3978');
    expect(c.mongodbUri).toBeNull();
    expect(c.twilio).toBeNull();
    expect(c.microsoft.appId).toBe('');
    expect(c.firm.timeZone).toBe('America/New_York');
  });

  it.each([
    ['PORT', 'abc', /PORT: expected .*port/],
    ['PORT', '70000', /PORT: expected a port number/],
    ['PUBLIC_BASE_URL', 'intake.example.com', /PUBLIC_BASE_URL: expected a URL/],
    ['MONGODB_URI', 'postgres://x', /MONGODB_URI: expected a MongoDB connection string/],
    ['TWILIO_ACCOUNT_SID', 'SK123', /TWILIO_ACCOUNT_SID: expected an account SID/],
    ['TWILIO_PHONE_NUMBER', '716-555-0100', /TWILIO_PHONE_NUMBER: expected a number in E\.164 form/],
    ['MicrosoftAppType', 'Single', /MicrosoftAppType: expected/],
    ['FIRM_TIMEZONE', 'Buffalo', /FIRM_TIMEZONE: expected an IANA time zone/],
    ['REMINDER_MINUTES', '-5', /REMINDER_MINUTES: expected a whole number of minutes/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected/],
  ])('refuses %s=%s, naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('never echoes a secret or a connection string', () => {
    expect(() => loadConfig({ TOKEN_SECRET: 'short-secret-value' })).toThrow(/TOKEN_SECRET: expected at least 32 characters \(value not shown\)/);
    expect(() => loadConfig({ TOKEN_SECRET: 'short-secret-value' })).not.toThrow(/short-secret-value/);
    expect(() => loadConfig({ MONGODB_URI: 'mysql://root:hunter2@db' })).not.toThrow(/hunter2/);
  });

  it('wants the auth token with the account SID', () => {
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32) })).toThrow(/TWILIO_AUTH_TOKEN/);
  });

  it('stops npm start with the message and a non-zero exit', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'src/index.ts'],
        { cwd: join(__dirname, '..'), env: { ...process.env, PORT: 'not-a-port', FIRM_TIMEZONE: 'Nowhere/Land' } },
        (err, _stdout, stderr) => resolve({ code: err ? (err as { code?: number }).code ?? 1 : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT: expected/);
    expect(result.stderr).toMatch(/FIRM_TIMEZONE: expected/);
    expect(result.stderr).toContain('.env.example');
  });
});
