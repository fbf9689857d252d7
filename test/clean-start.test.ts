/**
 * A newcomer's start, as `npm install && npm start` runs it: the compiled server (dist/src/index.js)
 * in its own Node process, with no
 * configuration at all. It must print nothing on stderr (no deprecation or other warning), log
 * the address to open and which optional parts are off, and stop cleanly on SIGTERM. npm must
 * have nothing to say about install scripts (package.json allowScripts covers every one).
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../src/paths';

const run = promisify(execFile);
const root = projectRoot();

interface LogLine {
  level: number;
  msg: string;
  url?: string;
  variables?: string[];
}

describe('a clean start', () => {
  // Compiled as `npm run build` compiles it, into dist/ (the widget there is the one test/global-setup.ts built).
  const entry = join(root, 'dist', 'src', 'index.js');
  const cwd = mkdtempSync(join(tmpdir(), 'clean-start-'));

  beforeAll(async () => {
    await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
  }, 240_000);
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('prints no warning on stderr, logs the URL to open and each optional part that is off, and stops on SIGTERM', async () => {
    // Nothing from the test's own environment: no .env (another folder), no variables but PATH.
    const proc = spawn(process.execPath, [entry], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const lines = () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as LogLine);
    const opened = () => lines().find((l) => l.msg.startsWith('open '));
    for (let i = 0; !opened(); i++) {
      if (proc.exitCode !== null) throw new Error(`the server exited at start:\n${stdout}\n${stderr}`);
      if (i > 1200) throw new Error(`the server did not log its address:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = opened()!.url!;
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(opened()!.msg).toBe(`open ${url}/ for the web chat demo; attorneys sign in at ${url}/login`);
    // The address named is the one it answers on, demo page and widget included.
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect((await fetch(`${url}/widget.js`)).status).toBe(200);
    expect((await fetch(`${url}/login`)).status).toBe(200);

    const said = (variable: string) => lines().find((l) => l.variables?.includes(variable));
    for (const v of ['ONCALL_EMAIL', 'BACKUP_EMAIL']) expect(said(v)?.level).toBe(40);
    for (const v of ['NOTIFY_EMAILS', 'WEBHOOK_URL', 'PUBLIC_BASE_URL', 'TWILIO_AUTH_TOKEN', 'MicrosoftAppId', 'SMTP_URL', 'MONGODB_URI'])
      expect(said(v)?.level).toBe(30);

    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  }, 120_000);

  it("serves from the Dockerfile's runtime stage alone: the files it copies are all the server reads", async () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    // The image builds with the commands CI runs (.ci/run: npm ci; package.json's build).
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^npm ci\b/m);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const copies = [...runtime.matchAll(/^COPY --from=build ((?:\/app\/\S+ )+)(\S+)$/gm)];
    expect(copies.length).toBeGreaterThan(3);
    const image = mkdtempSync(join(tmpdir(), 'image-'));
    try {
      for (const [, sources, target] of copies) {
        for (const source of sources.trim().split(' ')) {
          const relative = source.replace(/^\/app\//, '');
          const into = target.endsWith('/') ? join(image, target, relative.split('/').pop()!) : join(image, target);
          mkdirSync(dirname(into), { recursive: true });
          // node_modules as installed here (the image prunes dev dependencies; the files are what this checks).
          if (relative === 'node_modules') symlinkSync(join(root, 'node_modules'), into);
          else cpSync(join(root, relative), into, { recursive: true });
        }
      }
      const health = /HEALTHCHECK[\s\S]*?\/healthz/.test(runtime);
      expect(health).toBe(true);
      const proc = spawn(process.execPath, [join(image, 'dist', 'src', 'index.js')], {
        cwd: image,
        env: { PATH: process.env.PATH ?? '', HOME: image, PORT: '0', DATA_DIR: join(image, 'data'), KEYS_DIR: join(image, 'keys') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      try {
        let url: string | undefined;
        for (let i = 0; !url; i++) {
          if (proc.exitCode !== null || i > 1200) throw new Error(`the image's server did not start:\n${out}`);
          url = /"url":"(http:\/\/localhost:\d+)"/.exec(out)?.[1];
          if (!url) await new Promise((r) => setTimeout(r, 100));
        }
        for (const path of ['/healthz', '/', '/widget.js', '/favicon.svg', '/login'])
          expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 200]);
      } finally {
        proc.kill('SIGTERM');
        await exited;
      }
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  }, 120_000);

  it('leaves npm nothing to warn about install scripts: allowScripts covers each one', async () => {
    const { stdout, stderr } = await run('npm', ['install-scripts', 'ls'], { cwd: root });
    expect(`${stdout}${stderr}`).toContain('No packages with unreviewed install scripts');
  }, 120_000);
});
