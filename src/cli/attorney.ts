/**
 * `npm run attorney`: the firm's accounts, from the server's own configuration (.env and the
 * environment) and store.
 *
 *   npm run attorney -- add EMAIL [--name NAME]   a dashboard account (password asked twice, hidden;
 *                                                 piped: the first line of stdin)
 *   npm run attorney -- reset EMAIL               a new password (also lifts a lock-out)
 *   npm run attorney -- disable EMAIL | enable EMAIL
 *   npm run attorney -- list
 *   npm run attorney -- token NAME [--scope read|write|read,write]
 *                                                 an API token for an integration, shown ONCE;
 *                                                 read only unless --scope says otherwise
 *   npm run attorney -- tokens
 *   npm run attorney -- revoke NAME
 *
 * Exit codes: 0 done, 1 refused (see the message), 2 wrong usage, 3 configuration or store trouble.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DEFAULT_SCOPES, issueApiToken, parseScopes, type ApiScope } from '../api/tokens';
import { ConfigError, loadConfig, loadDotEnv } from '../config/env';
import { hashPassword, passwordProblem } from '../dashboard/password';
import { encryptionKeys } from '../server/keys';
import type { AccountStore, Attorney } from '../store/account-store';
import { openStores, type Stores } from '../store/open';

const USAGE = `usage: npm run attorney -- COMMAND
  add EMAIL [--name NAME]   create a dashboard account (asks the password twice)
  reset EMAIL               set a new password (also lifts a lock-out)
  disable EMAIL             stop an account from signing in
  enable EMAIL              let it sign in again
  list                      the accounts
  token NAME [--scope SCOPE]
                            issue an API token for an integration (shown once). SCOPE is read
                            (the default: it can only read intakes), write (change their
                            handling status) or read,write
  tokens                    the API tokens (names, scopes and dates; never the tokens)
  revoke NAME               revoke an API token`;

/** A refusal the user can act on: exit 1 with the message. */
class Refused extends Error {}
class Usage extends Error {}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Reads a line without echoing it (a terminal). */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new Refused('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The first line of a piped stdin. */
function readLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, terminal: false });
    let line: string | null = null;
    rl.once('line', (l) => {
      line = l;
      rl.close();
    });
    rl.once('close', () =>
      line === null
        ? reject(new Refused('no password on stdin: pipe one line, e.g. printf "%s\\n" "$PASSWORD" | npm run attorney -- add EMAIL'))
        : resolve(line),
    );
  });
}

/** A new password: twice on a terminal, once from a pipe; at least 12 characters. */
async function newPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await askHidden('New password (12 characters or more): ');
    const again = await askHidden('Same password again: ');
    if (again !== password) throw new Refused('the two passwords differ; nothing was changed, try again');
  } else {
    password = (await readLine()).replace(/\r$/, '');
  }
  const problem = passwordProblem(password);
  if (problem) throw new Refused(`${problem}; nothing was changed`);
  return password;
}

async function attorneyByEmail(accounts: AccountStore, email: string): Promise<Attorney> {
  const a = await accounts.findAttorneyByEmail(email.trim().toLowerCase());
  if (!a) throw new Refused(`no account has the email ${email}; see: npm run attorney -- list`);
  return a;
}

function argument(positionals: string[], what: string): string {
  const value = positionals[1];
  if (!value || positionals.length > 2) throw new Usage(`${positionals[0]} takes one ${what}`);
  return value;
}

async function run(stores: Stores, positionals: string[], name: string | undefined, scopes: readonly ApiScope[], out: (s: string) => void): Promise<void> {
  const { accounts } = stores;
  const now = new Date();
  switch (positionals[0]) {
    case 'add': {
      const email = argument(positionals, 'EMAIL').trim().toLowerCase();
      if (!EMAIL.test(email)) throw new Usage(`"${email}" is not an email address`);
      if (await accounts.findAttorneyByEmail(email))
        throw new Refused(`${email} already has an account; to change its password: npm run attorney -- reset ${email}`);
      const passwordHash = await hashPassword(await newPassword());
      const created = await accounts.createAttorney({
        id: randomUUID(),
        email,
        name: name?.trim() || null,
        passwordHash,
        createdAt: now.toISOString(),
        failedLogins: 0,
        lockedUntil: null,
        disabled: false,
      });
      if (created === 'exists') throw new Refused(`${email} already has an account; to change its password: npm run attorney -- reset ${email}`);
      return out(`added ${email}`);
    }
    case 'reset': {
      const a = await attorneyByEmail(accounts, argument(positionals, 'EMAIL'));
      await accounts.setPassword(a.id, await hashPassword(await newPassword()));
      return out(
        `new password set for ${a.email}, and its open sessions ended${a.disabled ? ' (the account is disabled: npm run attorney -- enable ' + a.email + ')' : ''}`,
      );
    }
    case 'disable':
    case 'enable': {
      const a = await attorneyByEmail(accounts, argument(positionals, 'EMAIL'));
      await accounts.setDisabled(a.id, positionals[0] === 'disable');
      return out(`${a.email} ${positionals[0] === 'disable' ? 'disabled' : 'enabled'}`);
    }
    case 'list': {
      const list = await accounts.listAttorneys();
      if (!list.length) return out('no account yet: npm run attorney -- add EMAIL --name "NAME"');
      for (const a of list) {
        const state = a.disabled ? 'disabled' : a.lockedUntil && Date.parse(a.lockedUntil) > now.getTime() ? `locked until ${a.lockedUntil}` : 'active';
        out([a.email, a.name ?? '-', state, `created ${a.createdAt}`].join('\t'));
      }
      return;
    }
    case 'token': {
      const tokenName = argument(positionals, 'NAME');
      let token: string;
      try {
        token = await issueApiToken(accounts, tokenName, now, scopes);
      } catch (err) {
        throw new Refused((err as Error).message);
      }
      process.stderr.write(`API token "${tokenName}", scope ${scopes.join(',')} (shown once: keep it in the integration's secret store):\n`);
      return out(token);
    }
    case 'tokens': {
      const list = await accounts.listApiTokens();
      if (!list.length) return out('no API token yet: npm run attorney -- token NAME');
      for (const k of list) {
        out(
          [
            k.name,
            k.revokedAt ? `revoked ${k.revokedAt}` : 'active',
            `scope ${k.scopes.join(',')}`,
            `created ${k.createdAt}`,
            `last used ${k.lastUsedAt ?? 'never'}`,
          ].join('\t'),
        );
      }
      return;
    }
    case 'revoke': {
      const tokenName = argument(positionals, 'NAME');
      if (!(await accounts.revokeApiToken(tokenName, now.toISOString())))
        throw new Refused(`no active API token is named "${tokenName}"; see: npm run attorney -- tokens`);
      return out(`revoked ${tokenName}`);
    }
    default:
      throw new Usage(positionals[0] ? `unknown command "${positionals[0]}"` : 'a command is needed');
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, scope: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`attorney: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (parsed.values.name !== undefined && parsed.positionals[0] !== 'add') {
    process.stderr.write(`attorney: --name goes with add\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.scope !== undefined && parsed.positionals[0] !== 'token') {
    process.stderr.write(`attorney: --scope goes with token\n${USAGE}\n`);
    return 2;
  }
  let scopes: readonly ApiScope[] = DEFAULT_SCOPES;
  try {
    if (parsed.values.scope !== undefined) scopes = parseScopes(parsed.values.scope);
  } catch (err) {
    process.stderr.write(`attorney: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let stores: Stores;
  try {
    loadDotEnv();
    const config = loadConfig();
    stores = await openStores({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, keys: encryptionKeys(config) });
  } catch (err) {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `attorney: the store could not be opened: ${(err as Error).message}\n`);
    return 3;
  }
  try {
    await run(stores, parsed.positionals, parsed.values.name, scopes, (s) => process.stdout.write(s + '\n'));
    return 0;
  } catch (err) {
    if (err instanceof Usage) {
      process.stderr.write(`attorney: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof Refused) {
      process.stderr.write(`attorney: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`attorney: failed: ${(err as Error).message}\n`);
    return 3;
  } finally {
    await stores.close().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`attorney: ${err.message}\n`);
    process.exit(3);
  },
);
