/**
 * .env.example, as a newcomer copies it to .env: every value is commented out, so the copy
 * changes nothing (PUBLIC_BASE_URL above all: an example address would point the demo page at it
 * and make cookies Secure on plain http), and every variable it names is one the server reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { EnvSchema, loadConfig } from '../src/config/env';
import { projectRoot } from '../src/paths';

const text = readFileSync(join(projectRoot(), '.env.example'), 'utf8');

describe('.env.example', () => {
  it('sets nothing: copied as .env, the configuration is the defaults', () => {
    const active = text.split('\n').filter((l) => /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/.test(l));
    expect(active).toEqual([]);
    expect(parseEnv(text)).toEqual({});
    expect(loadConfig(parseEnv(text))).toEqual(loadConfig({}));
  });

  it('names only variables the server reads, PUBLIC_BASE_URL among them', () => {
    const named = [...text.matchAll(/^#\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]);
    expect(named).toContain('PUBLIC_BASE_URL');
    const known = new Set(Object.keys(EnvSchema.shape));
    expect(named.filter((n) => !known.has(n))).toEqual([]);
  });
});
