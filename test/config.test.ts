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
    ['HOST', '999.1.1.1', /HOST: expected an address to listen on/],
    ['HOST', 'http://0.0.0.0', /HOST: expected an address to listen on/],
    ['TRUSTED_PROXIES', '10.0.0.0/8, proxy.example', /TRUSTED_PROXIES: expected addresses or CIDR ranges/],
    ['TRUSTED_PROXIES', '10.0.0.0/33', /TRUSTED_PROXIES: expected addresses or CIDR ranges/],
    ['REQUEST_TIMEOUT_SECONDS', '0', /REQUEST_TIMEOUT_SECONDS: expected a whole number of seconds/],
    ['HEADERS_TIMEOUT_SECONDS', '31', /HEADERS_TIMEOUT_SECONDS: expected at most REQUEST_TIMEOUT_SECONDS \(30\)/],
    ['MAX_CONNECTIONS_PER_IP', '-1', /MAX_CONNECTIONS_PER_IP: expected a whole number, 0 for no limit/],
    ['WEBCHAT_ALLOWED_ORIGINS', 'https://firm.example/contact', /WEBCHAT_ALLOWED_ORIGINS: expected origins separated by commas/],
    ['WEBCHAT_ALLOWED_ORIGINS', 'firm.example', /WEBCHAT_ALLOWED_ORIGINS: expected origins separated by commas/],
    ['WEBCHAT_ALLOWED_ORIGINS', 'https://firm.example, ftp://files.firm.example', /WEBCHAT_ALLOWED_ORIGINS: expected origins separated by commas/],
  ])('refuses %s=%s, naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('listens on every interface by default (containers), or on the address HOST gives', () => {
    expect(loadConfig({}).server.host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '127.0.0.1' }).server.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '::' }).server.host).toBe('::');
    expect(loadConfig({ HOST: 'localhost' }).server.host).toBe('localhost');
  });

  it('cuts slow clients off well before the 300 s of Node: request 30 s, headers 15 s, idle keep-alive 5 s; 256 connections per address', () => {
    expect(loadConfig({}).server).toEqual({
      host: '0.0.0.0',
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 15_000,
      keepAliveTimeoutMs: 5_000,
      maxConnectionsPerIp: 256,
    });
    expect(loadConfig({ REQUEST_TIMEOUT_SECONDS: '60', HEADERS_TIMEOUT_SECONDS: '20', MAX_CONNECTIONS_PER_IP: '0' }).server).toMatchObject({
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 20_000,
      maxConnectionsPerIp: 0,
    });
  });

  it('trusts no proxy by default; TRUSTED_PROXIES takes addresses and CIDR ranges, IPv4 and IPv6', () => {
    expect(loadConfig({}).limits.trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, 127.0.0.1,::1 , fd00::/8,' }).limits.trustedProxies).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
    ]);
  });

  it('lets any page use web chat by default; WEBCHAT_ALLOWED_ORIGINS names the ones that may, as browsers send them', () => {
    expect(loadConfig({}).directLine.allowedOrigins).toBeNull();
    expect(loadConfig({ WEBCHAT_ALLOWED_ORIGINS: '*' }).directLine.allowedOrigins).toBeNull();
    expect(
      loadConfig({ WEBCHAT_ALLOWED_ORIGINS: ' HTTPS://WWW.Firm.example/ , https://firm.example:443,http://localhost:8080,' }).directLine.allowedOrigins,
    ).toEqual(['https://www.firm.example', 'https://firm.example', 'http://localhost:8080']);
  });

  it('refuses the old TRUST_PROXY hop count with what to set instead, rather than ignoring it', () => {
    for (const value of ['1', '2', 'true']) {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
        /TRUST_PROXY: no longer read .* Set TRUSTED_PROXIES to the addresses or CIDR ranges of your proxies/,
      );
    }
    // Even alongside the new one: it must be removed, so nobody believes it still counts.
    expect(() => loadConfig({ TRUST_PROXY: '1', TRUSTED_PROXIES: '10.0.0.1' })).toThrow(/remove TRUST_PROXY/);
    // 0 (the former default, in copies of .env.example) meant "no proxy": the same as now.
    expect(loadConfig({ TRUST_PROXY: '0' }).limits.trustedProxies).toEqual([]);
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
        (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT: expected/);
    expect(result.stderr).toMatch(/FIRM_TIMEZONE: expected/);
    expect(result.stderr).toContain('.env.example');
  });
});
