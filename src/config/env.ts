/**
 * Configuration from the environment (and a .env file), checked at start. A wrong value stops
 * the start with a message naming the variable and what it expects. Names are the ones people
 * already know: PORT, Twilio's, botbuilder's own MicrosoftApp*.
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseKeyList, type CipherKey } from '../store/cipher';
import { parseProxyEntry } from '../limits/client-ip';
import { FirmSchema, hoursOf, type Firm } from './firm';

const optional = z
  .string()
  .transform((s) => (s.trim() === '' ? undefined : s.trim()))
  .optional();
const minutes = (fallback: number) =>
  z.coerce
    .number({ error: 'a whole number of minutes above 0' })
    .int('a whole number of minutes above 0')
    .positive('a whole number of minutes above 0')
    .default(fallback);

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

const seconds = (fallback: number) =>
  z.coerce
    .number({ error: 'a whole number of seconds above 0' })
    .int('a whole number of seconds above 0')
    .positive('a whole number of seconds above 0')
    .default(fallback);

/** A rate or a cap: a whole number, 0 turning the limit off. */
const limit = (fallback: number) =>
  z.coerce.number({ error: 'a whole number, 0 for no limit' }).int('a whole number, 0 for no limit').min(0, 'a whole number, 0 for no limit').default(fallback);

export const EnvSchema = FirmSchema.extend({
  PORT: z.coerce
    .number({ error: 'a port number from 1 to 65535' })
    .int('a port number from 1 to 65535')
    .min(0, 'a port number from 1 to 65535 (0: any free port)')
    .max(65535, 'a port number from 1 to 65535')
    .default(3978),
  /** The address to listen on: 0.0.0.0 (every interface, what a container needs), 127.0.0.1 behind a proxy on the same machine, :: for IPv6 too. */
  HOST: optional
    .pipe(
      z
        .string()
        .refine((h) => isIP(h) !== 0 || (HOSTNAME.test(h) && !/^[\d.]+$/.test(h)), 'an address to listen on, such as 0.0.0.0, 127.0.0.1 or ::')
        .optional(),
    )
    .transform((h) => h ?? '0.0.0.0'),
  /** Slow clients: the whole request (headers and body) must arrive within this; the headers within HEADERS_TIMEOUT_SECONDS. */
  REQUEST_TIMEOUT_SECONDS: seconds(30),
  HEADERS_TIMEOUT_SECONDS: seconds(15),
  /** An idle kept-alive connection is closed after this. */
  KEEP_ALIVE_TIMEOUT_SECONDS: seconds(5),
  /** Connections open at once from one address (proxies in TRUSTED_PROXIES aside); 0: no cap. */
  MAX_CONNECTIONS_PER_IP: limit(256),
  /** The URL Twilio and browsers reach (behind a proxy, the proxy's). Twilio signs requests with it. */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, message: 'a URL such as https://intake.example.com' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  DATA_DIR: z.string().min(1).default('data'),
  /** Where the embedded store's key files are made (outside DATA_DIR, so its backup does not carry them). Default: DATA_DIR's sibling "<DATA_DIR>-keys". */
  KEYS_DIR: optional,
  MONGODB_URI: optional.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'a MongoDB connection string (mongodb:// or mongodb+srv://)')
      .optional(),
  ),
  TWILIO_ACCOUNT_SID: optional.pipe(
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'an account SID: AC and 32 hex digits')
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_PHONE_NUMBER: optional.pipe(
    z
      .string()
      .regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'a number in E.164 form, such as +17165550100')
      .optional(),
  ),
  /** Only for tests and Twilio-compatible gateways: where the REST API is. */
  TWILIO_API_URL: optional.pipe(z.url().optional()),
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppType: optional.pipe(
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { error: 'MultiTenant, SingleTenant or UserAssignedMSI' }).optional(),
  ),
  MicrosoftAppTenantId: optional,
  /** A server-side caller of Direct Line presents it as with Azure; the widget needs none. */
  DIRECTLINE_SECRET: optional.pipe(z.string().min(16, 'at least 16 characters').optional()),
  /** Signs Direct Line tokens and acknowledgement links. Default: derived from ENCRYPTION_KEY, else a key kept in DATA_DIR. */
  TOKEN_SECRET: optional.pipe(z.string().min(32, 'at least 32 characters').optional()),
  DIRECTLINE_TOKEN_MINUTES: minutes(60),
  /**
   * The web pages (origins) whose browsers may use Direct Line (web chat), separated by commas,
   * such as https://www.firm.example; empty or *: any. PUBLIC_BASE_URL's own origin always may.
   */
  WEBCHAT_ALLOWED_ORIGINS: optional.pipe(
    z
      .string()
      .refine(
        (list) => list.trim() === '*' || list.split(',').every((e) => e.trim() === '' || webOrigin(e) !== null),
        'origins separated by commas, such as https://www.firm.example, https://firm.example (scheme, host and port only, no path), or * for any',
      )
      .optional(),
  ),
  /** Seals what people wrote, at rest: 32 random bytes in base64 (openssl rand -base64 32). */
  ENCRYPTION_KEY: optional.pipe(
    z
      .string()
      .refine((k) => Buffer.from(k, 'base64').length === 32, '32 bytes in base64, such as the output of: openssl rand -base64 32')
      .optional(),
  ),
  ENCRYPTION_KEY_ID: optional.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'a short id: letters, digits, _ or -')
      .optional(),
  ),
  /** Former keys, still needed to read what they sealed: "id:base64,id:base64". */
  ENCRYPTION_OLD_KEYS: optional.pipe(
    z
      .string()
      .regex(/^\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44}\s*(,\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]{43,44}\s*)*$/, 'id:base64key entries separated by commas')
      .optional(),
  ),
  REMINDER_MINUTES: minutes(30),
  ABANDON_MINUTES: minutes(24 * 60),
  /** Abandoned and opted-out intakes are purged after this many days (a minimal record stays). */
  RETENTION_DAYS: z.coerce
    .number({ error: 'a whole number of days above 0' })
    .int('a whole number of days above 0')
    .positive('a whole number of days above 0')
    .default(90),
  // --- Attorney handoff: notifications, paging, the dashboard -------------------------------
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465. */
  SMTP_URL: optional.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'an SMTP URL such as smtp://user:password@smtp.example.com:587')
      .optional(),
  ),
  MAIL_FROM: optional.pipe(
    z
      .string()
      .regex(/^([^<>]*<)?[^@\s<>]+@[^@\s<>]+(>)?$/, 'an address such as "Intake <intake@example.com>"')
      .optional(),
  ),
  /** Where each finished intake's notice goes (the firm's intake inbox): addresses separated by commas. */
  NOTIFY_EMAILS: optional.pipe(
    z
      .string()
      .regex(/^\s*[^@\s,]+@[^@\s,]+(\s*,\s*[^@\s,]+@[^@\s,]+)*\s*$/, 'email addresses separated by commas')
      .optional(),
  ),
  ONCALL_EMAIL: optional.pipe(z.email('an email address').optional()),
  ONCALL_PHONE: optional.pipe(
    z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'a number in E.164 form, such as +17165550123')
      .optional(),
  ),
  BACKUP_EMAIL: optional.pipe(z.email('an email address').optional()),
  BACKUP_PHONE: optional.pipe(
    z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'a number in E.164 form, such as +17165550124')
      .optional(),
  ),
  /** An escalation nobody acknowledges within this many minutes is re-sent to the backup. */
  ACK_MINUTES: minutes(10),
  /**
   * Pages (SMS and email) per tier per hour, to the on-call attorney and to the backup each: past
   * it, one summary page for that hour, and the rest only on the dashboard (0: no cap).
   */
  PAGES_PER_HOUR_PER_TIER: limit(10),
  /** A case-management system's endpoint: each escalation and finished intake is POSTed, signed. */
  WEBHOOK_URL: optional.pipe(z.url({ protocol: /^https?$/, message: 'an http(s) URL' }).optional()),
  WEBHOOK_SECRET: optional.pipe(z.string().min(16, 'at least 16 characters').optional()),
  SESSION_HOURS: z.coerce
    .number({ error: 'a whole number of hours above 0' })
    .int('a whole number of hours above 0')
    .positive('a whole number of hours above 0')
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number({ error: 'a whole number above 0' }).int('a whole number above 0').positive('a whole number above 0').default(5),
  LOCKOUT_MINUTES: minutes(15),
  // --- Abuse limits (per instance: each instance counts on its own) -------------------------
  /** SMS from one number: a burst limit and a sustained one (0: no limit). */
  RATE_SMS_PER_NUMBER_PER_MINUTE: limit(60),
  RATE_SMS_PER_NUMBER_PER_HOUR: limit(300),
  /** Requests to the SMS webhook that fail Twilio's signature, per source IP (signed ones are never counted). */
  RATE_SMS_PER_IP_PER_MINUTE: limit(30),
  RATE_DIRECTLINE_TOKENS_PER_IP_PER_MINUTE: limit(60),
  RATE_DIRECTLINE_CONVERSATIONS_PER_IP_PER_HOUR: limit(300),
  /** Web conversations open at once from one IP: started, not finished, a message within WEB_IDLE_MINUTES. */
  MAX_OPEN_WEB_CONVERSATIONS_PER_IP: limit(100),
  WEB_IDLE_MINUTES: minutes(30),
  /** Failed dashboard sign-ins from one IP, across all accounts (spraying); counted in the store, shared by instances. */
  RATE_LOGIN_FAILURES_PER_IP_PER_HOUR: limit(30),
  /** /api/messages per IP: every request without MicrosoftAppId (the Emulator), only refused ones with it. */
  RATE_BOTFRAMEWORK_PER_IP_PER_MINUTE: limit(60),
  /** /api/messages per Bot Framework conversation: a burst limit and a sustained one. */
  RATE_BOTFRAMEWORK_PER_CONVERSATION_PER_MINUTE: limit(30),
  RATE_BOTFRAMEWORK_PER_CONVERSATION_PER_HOUR: limit(300),
  /**
   * The proxies in front of the server: addresses or CIDR ranges, IPv4 or IPv6, separated by
   * commas. X-Forwarded-For is read only on connections from them.
   */
  TRUSTED_PROXIES: optional.pipe(
    z
      .string()
      .refine(
        (list) => list.split(',').every((e) => e.trim() === '' || parseProxyEntry(e) !== null),
        'addresses or CIDR ranges separated by commas, such as 10.0.0.0/8, 127.0.0.1, fd00::/8',
      )
      .optional(),
  ),
  /** Replaced by TRUSTED_PROXIES (a count of proxies let anyone reaching the port choose their address): refused below. */
  TRUST_PROXY: optional,
  // --- Documents the family sends (src/documents) -----------------------------------------
  /** The largest file taken, in MB. */
  DOCUMENT_MAX_FILE_MB: z.coerce
    .number({ error: 'a whole number of MB above 0' })
    .int('a whole number of MB above 0')
    .positive('a whole number of MB above 0')
    .default(20),
  /** All of one intake's files together, in MB. */
  DOCUMENT_MAX_INTAKE_MB: z.coerce
    .number({ error: 'a whole number of MB above 0' })
    .int('a whole number of MB above 0')
    .positive('a whole number of MB above 0')
    .default(100),
  /** Files one intake may hold. */
  DOCUMENT_MAX_FILES: z.coerce.number({ error: 'a whole number above 0' }).int('a whole number above 0').positive('a whole number above 0').default(40),
  /** clamd's local socket (Debian: /run/clamav/clamd.ctl): every file is scanned there before it is kept. */
  CLAMD_SOCKET: optional,
  /** Or clamd over TCP: its host (and CLAMD_PORT). */
  CLAMD_HOST: optional,
  /** clamd's TCP port, with CLAMD_HOST. */
  CLAMD_PORT: z.coerce
    .number({ error: 'a port number from 1 to 65535' })
    .int('a port number from 1 to 65535')
    .min(1, 'a port number from 1 to 65535')
    .max(65535, 'a port number from 1 to 65535')
    .default(3310),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'one of fatal, error, warn, info, debug, trace, silent' })
    .default('info'),
});

export interface Config {
  port: number;
  server: ServerConfig;
  publicBaseUrl: string;
  dataDir: string;
  /** Where the key files made by the server are kept (see src/server/keys.ts). */
  keysDir: string;
  mongodbUri: string | null;
  twilio: { accountSid: string; authToken: string; phoneNumber: string | null; apiUrl: string | null } | null;
  microsoft: { appId: string; appPassword: string; appType: string; tenantId: string };
  directLine: {
    secret: string | null;
    tokenSecret: string | null;
    tokenMinutes: number;
    /** Origins whose pages may call Direct Line (lowercase, as browsers send them); null: any. */
    allowedOrigins: string[] | null;
  };
  /** The current key first; null: the embedded store makes one in DATA_DIR. */
  encryptionKeys: CipherKey[] | null;
  firm: Firm;
  reminderMinutes: number;
  abandonMinutes: number;
  retentionDays: number;
  handoff: HandoffConfig;
  dashboard: DashboardConfig;
  limits: LimitsConfig;
  documents: DocumentsConfig;
  logLevel: string;
}

/** The documents families send (src/documents/desk.ts): limits, and where clamd listens. */
export interface DocumentsConfig {
  maxFileBytes: number;
  maxIntakeBytes: number;
  maxFiles: number;
  /** null: no scan (no clamd configured). Set: every file is scanned, and refused when clamd cannot be reached. */
  clamd: ClamdAddress | null;
}

export type ClamdAddress = { socket: string } | { host: string; port: number };

/** The HTTP server's connections (src/server/connections.ts). */
export interface ServerConfig {
  /** The address to listen on. */
  host: string;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** 0: no cap. */
  maxConnectionsPerIp: number;
}

export interface Contact {
  email: string | null;
  phone: string | null;
}

export interface HandoffConfig {
  smtp: { url: string; from: string } | null;
  /** The firm's inbox for finished intakes. */
  notifyEmails: string[];
  oncall: Contact;
  backup: Contact;
  ackMinutes: number;
  /** Pages per tier per hour and level before the summary page; 0: no cap. */
  pagesPerHourPerTier: number;
  webhook: { url: string; secret: string } | null;
}

export interface DashboardConfig {
  sessionHours: number;
  maxFailures: number;
  lockoutMinutes: number;
  /** Cookies are marked Secure when the public URL is https (the server is behind TLS). */
  secureCookies: boolean;
}

/** Abuse limits; 0 turns one off. Kept in memory by each instance (see src/limits). */
export interface LimitsConfig {
  smsPerNumberPerMinute: number;
  smsPerNumberPerHour: number;
  smsRefusedPerIpPerMinute: number;
  directLineTokensPerIpPerMinute: number;
  directLineConversationsPerIpPerHour: number;
  maxOpenWebConversationsPerIp: number;
  webIdleMinutes: number;
  loginFailuresPerIpPerHour: number;
  botFrameworkPerIpPerMinute: number;
  botFrameworkPerConversationPerMinute: number;
  botFrameworkPerConversationPerHour: number;
  /** Proxies in front of the server (addresses, CIDR ranges) whose X-Forwarded-For is believed. */
  trustedProxies: string[];
}

export class ConfigError extends Error {}

const MB = 1024 * 1024;

/**
 * An origin as a browser sends it in `Origin` (scheme://host[:port], lowercase, the default port
 * left out); null for anything else (a path, a query, credentials, another scheme).
 */
export function webOrigin(entry: string): string | null {
  const text = entry.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
  // "https://firm.example/" is the origin; "https://firm.example/chat" is a page, not an origin.
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(text)) return null;
  return url.origin;
}

/** WEBCHAT_ALLOWED_ORIGINS: null (any) when unset, empty or "*". */
function allowedOrigins(list: string | undefined): string[] | null {
  if (list === undefined || list.trim() === '*') return null;
  const origins = list.split(',').flatMap((e) => (e.trim() === '' ? [] : [webOrigin(e)!]));
  return origins.length ? [...new Set(origins)] : null;
}

const SECRETS = new Set([
  'SMTP_URL',
  'WEBHOOK_SECRET',
  'MONGODB_URI',
  'TWILIO_AUTH_TOKEN',
  'MicrosoftAppPassword',
  'DIRECTLINE_SECRET',
  'TOKEN_SECRET',
  'ENCRYPTION_KEY',
  'ENCRYPTION_OLD_KEYS',
]);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      const value = env[name];
      // Secrets (and connection strings, which may hold a password) are never echoed.
      const shown = value === undefined ? '' : SECRETS.has(name) ? ' (value not shown)' : ` (got "${value}")`;
      return `  ${name}: expected ${i.message}${shown}`;
    });
    throw new ConfigError(`Configuration error:\n${lines.join('\n')}\nSee .env.example.`);
  }
  const e = parsed.data;
  if (e.MONGODB_URI && !e.ENCRYPTION_KEY) {
    throw new ConfigError(
      'Configuration error:\n  ENCRYPTION_KEY: expected with MONGODB_URI, so that every instance seals and opens data with the same key (openssl rand -base64 32)\nSee .env.example.',
    );
  }
  if (e.TWILIO_ACCOUNT_SID && !e.TWILIO_AUTH_TOKEN) {
    throw new ConfigError('Configuration error:\n  TWILIO_AUTH_TOKEN: expected the auth token that goes with TWILIO_ACCOUNT_SID\nSee .env.example.');
  }
  const needs = (name: string, why: string) => {
    throw new ConfigError(`Configuration error:\n  ${name}: expected ${why}\nSee .env.example.`);
  };
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) needs('WEBHOOK_SECRET', 'with WEBHOOK_URL: the key that signs each delivery (at least 16 characters)');
  if (e.SMTP_URL && !e.MAIL_FROM) needs('MAIL_FROM', 'with SMTP_URL: the sender of notification emails, such as "Intake <intake@example.com>"');
  if ((e.NOTIFY_EMAILS || e.ONCALL_EMAIL || e.BACKUP_EMAIL) && !e.SMTP_URL)
    needs('SMTP_URL', 'with NOTIFY_EMAILS, ONCALL_EMAIL or BACKUP_EMAIL: the mail server that sends them');
  if ((e.ONCALL_PHONE || e.BACKUP_PHONE) && !(e.TWILIO_AUTH_TOKEN && e.TWILIO_PHONE_NUMBER)) {
    needs('TWILIO_PHONE_NUMBER', 'with ONCALL_PHONE or BACKUP_PHONE, and the Twilio account: pages are texted from it');
  }
  // Not ignored: a server that believed X-Forwarded-For would silently key its limits by the socket.
  if (e.TRUST_PROXY && e.TRUST_PROXY !== '0') {
    throw new ConfigError(
      `Configuration error:\n  TRUST_PROXY: no longer read (a count of proxies let anyone who reaches the port directly choose their address). Set TRUSTED_PROXIES to the addresses or CIDR ranges of your proxies instead, such as TRUSTED_PROXIES=10.0.0.0/8 (X-Forwarded-For is then believed only on connections from them), and remove TRUST_PROXY.\nSee .env.example.`,
    );
  }
  if (e.HEADERS_TIMEOUT_SECONDS > e.REQUEST_TIMEOUT_SECONDS) {
    needs('HEADERS_TIMEOUT_SECONDS', `at most REQUEST_TIMEOUT_SECONDS (${e.REQUEST_TIMEOUT_SECONDS}): the headers are part of the request`);
  }
  if (e.DOCUMENT_MAX_FILE_MB > e.DOCUMENT_MAX_INTAKE_MB) {
    needs('DOCUMENT_MAX_FILE_MB', `at most DOCUMENT_MAX_INTAKE_MB (${e.DOCUMENT_MAX_INTAKE_MB}): a file counts towards its intake's total`);
  }
  const publicBaseUrl = e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    server: {
      host: e.HOST,
      requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
      headersTimeoutMs: e.HEADERS_TIMEOUT_SECONDS * 1000,
      keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
    },
    publicBaseUrl,
    dataDir: resolve(e.DATA_DIR),
    keysDir: resolve(e.KEYS_DIR ?? `${resolve(e.DATA_DIR)}-keys`),
    mongodbUri: e.MONGODB_URI ?? null,
    twilio: e.TWILIO_AUTH_TOKEN
      ? { accountSid: e.TWILIO_ACCOUNT_SID ?? '', authToken: e.TWILIO_AUTH_TOKEN, phoneNumber: e.TWILIO_PHONE_NUMBER ?? null, apiUrl: e.TWILIO_API_URL ?? null }
      : null,
    microsoft: {
      appId: e.MicrosoftAppId ?? '',
      appPassword: e.MicrosoftAppPassword ?? '',
      appType: e.MicrosoftAppType ?? 'MultiTenant',
      tenantId: e.MicrosoftAppTenantId ?? '',
    },
    directLine: {
      secret: e.DIRECTLINE_SECRET ?? null,
      tokenSecret: e.TOKEN_SECRET ?? null,
      tokenMinutes: e.DIRECTLINE_TOKEN_MINUTES,
      allowedOrigins: allowedOrigins(e.WEBCHAT_ALLOWED_ORIGINS),
    },
    encryptionKeys: e.ENCRYPTION_KEY
      ? [{ id: e.ENCRYPTION_KEY_ID ?? 'k1', key: Buffer.from(e.ENCRYPTION_KEY, 'base64') }, ...parseKeyList(e.ENCRYPTION_OLD_KEYS ?? '')]
      : null,
    firm: { name: e.FIRM_NAME, phone: e.FIRM_PHONE, timeZone: e.FIRM_TIMEZONE, hours: hoursOf(e.FIRM_HOURS) },
    reminderMinutes: e.REMINDER_MINUTES,
    abandonMinutes: e.ABANDON_MINUTES,
    retentionDays: e.RETENTION_DAYS,
    handoff: {
      smtp: e.SMTP_URL && e.MAIL_FROM ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
      notifyEmails: (e.NOTIFY_EMAILS ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      oncall: { email: e.ONCALL_EMAIL ?? null, phone: e.ONCALL_PHONE ?? null },
      backup: { email: e.BACKUP_EMAIL ?? null, phone: e.BACKUP_PHONE ?? null },
      ackMinutes: e.ACK_MINUTES,
      pagesPerHourPerTier: e.PAGES_PER_HOUR_PER_TIER,
      webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } : null,
    },
    dashboard: {
      sessionHours: e.SESSION_HOURS,
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockoutMinutes: e.LOCKOUT_MINUTES,
      secureCookies: publicBaseUrl.startsWith('https://'),
    },
    limits: {
      smsPerNumberPerMinute: e.RATE_SMS_PER_NUMBER_PER_MINUTE,
      smsPerNumberPerHour: e.RATE_SMS_PER_NUMBER_PER_HOUR,
      smsRefusedPerIpPerMinute: e.RATE_SMS_PER_IP_PER_MINUTE,
      directLineTokensPerIpPerMinute: e.RATE_DIRECTLINE_TOKENS_PER_IP_PER_MINUTE,
      directLineConversationsPerIpPerHour: e.RATE_DIRECTLINE_CONVERSATIONS_PER_IP_PER_HOUR,
      maxOpenWebConversationsPerIp: e.MAX_OPEN_WEB_CONVERSATIONS_PER_IP,
      webIdleMinutes: e.WEB_IDLE_MINUTES,
      loginFailuresPerIpPerHour: e.RATE_LOGIN_FAILURES_PER_IP_PER_HOUR,
      botFrameworkPerIpPerMinute: e.RATE_BOTFRAMEWORK_PER_IP_PER_MINUTE,
      botFrameworkPerConversationPerMinute: e.RATE_BOTFRAMEWORK_PER_CONVERSATION_PER_MINUTE,
      botFrameworkPerConversationPerHour: e.RATE_BOTFRAMEWORK_PER_CONVERSATION_PER_HOUR,
      trustedProxies: (e.TRUSTED_PROXIES ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    },
    documents: {
      maxFileBytes: e.DOCUMENT_MAX_FILE_MB * MB,
      maxIntakeBytes: e.DOCUMENT_MAX_INTAKE_MB * MB,
      maxFiles: e.DOCUMENT_MAX_FILES,
      clamd: e.CLAMD_SOCKET ? { socket: e.CLAMD_SOCKET } : e.CLAMD_HOST ? { host: e.CLAMD_HOST, port: e.CLAMD_PORT } : null,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** Reads .env into the environment when there is one; what the environment already sets wins. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
