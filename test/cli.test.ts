/**
 * `npm run chat`, piped, the way the paralegal tries a wording change: the reference case in,
 * the bot's messages and a summary that honours the contract out.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SummarySchema } from '../src/summary/contract';
import { REFERENCE } from './scripts.reference';

function chat(args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('npm', ['run', '-s', 'chat', '--', ...args], { cwd: join(__dirname, '..') }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describe('npm run chat', () => {
  it('pipes the reference case into a summary that validates against the contract', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'chat-')), 'out.json');
    // A terminal has no sender number: the phone is asked after the documents.
    const lines = [...REFERENCE.en];
    lines.splice(lines.indexOf('passport, doctor letter, police check') + 1, 0, '716 555 0199');
    const r = await chat(['--summary', out, '--now', '2026-11-28T02:00:00-05:00'], lines.join('\n') + '\n');
    expect(r.stderr).toContain(`summary written to ${out}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Reply HELP for help, STOP to opt out. Do you agree?');
    expect(r.stdout).toContain('Your reference is HP-');
    const s = SummarySchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(s.channel).toBe('cli');
    expect(s.status).toBe('complete');
    expect(s.contact.phone).toBe('+17165550199');
    expect(s.request.reason).toBe('medical');
    expect(s.traveler.locationNow).toBe('outside_us');
    expect(s.history.incidents.length).toBeGreaterThan(0);
    expect(s.history.incidents[0].charge).toBe('theft under $5000');
    // December 10 is 12 days after November 28: U2.
    expect(s.request.neededBy).toBe('2026-12-10');
    expect(s.triage.tier).toBe('U2');
    expect(s.triage.possiblePaths).toContain('cbp_port_parole');
  });

  it('speaks French with --lang fr and shows web buttons and web wording with --web', async () => {
    const r = await chat(['--lang', 'fr', '--web'], 'bonjour\noui\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[Oui] [Non]');
    expect(r.stdout).toMatch(/danger/);
    expect(r.stdout).toContain('Écrivez AIDE');
    expect(r.stdout).not.toContain('frais de messagerie');
    const sms = await chat(['--lang', 'fr'], 'bonjour\n');
    expect(sms.stdout).toContain('frais de messagerie');
  });

  it('refuses a language it does not have, saying which it has', async () => {
    const r = await chat(['--lang', 'de'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang must be en, fr or es');
  });
});
