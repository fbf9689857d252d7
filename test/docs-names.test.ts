/**
 * The guides (docs/*.md) and the container files (Dockerfile, compose.yaml) name variables and routes that exist: every
 * variable in `code` is one the zod schema reads, every path in `code` is one the server
 * answers (its restify route table, or the Direct Line stream it upgrades). A rename that forgets
 * a guide fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvSchema } from '../src/config/env';
import { projectRoot } from '../src/paths';
import { routesOf } from './support/routes';
import { startTestServer, type TestServer } from './support/server';

const root = projectRoot();
const guides = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ file: `docs/${f}`, text: readFileSync(join(root, 'docs', f), 'utf8') }));

/** Inline code spans (`…`), fenced blocks left out. */
function inlineCode(markdown: string): string[] {
  return [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
}

const VARIABLE = /\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|Microsoft[A-Z][A-Za-z]+)\b/g;
const known = new Set(Object.keys(EnvSchema.shape));

/** The path of a route-like span: "/api/sms", "https://intake.example.com/api/sms", "PUBLIC_BASE_URL/api/sms/status". */
function pathOf(span: string): string | null {
  const m = /^(?:https?:\/\/intake\.example\.com|PUBLIC_BASE_URL)?(\/[A-Za-z0-9_./:-]*)$/.exec(span.trim());
  return m ? m[1].replace(/\/$/, '') || '/' : null;
}

describe('the guides', () => {
  it('exist for the proxy, Twilio, Azure Bot, backups, keys and upgrading', () => {
    expect(guides.map((g) => g.file).sort()).toEqual(
      expect.arrayContaining(['docs/azure-bot.md', 'docs/backup.md', 'docs/key-rotation.md', 'docs/reverse-proxy.md', 'docs/twilio.md', 'docs/upgrading.md']),
    );
  });

  it('name only variables the configuration reads', () => {
    const unknown: string[] = [];
    for (const { file, text } of guides) {
      for (const span of inlineCode(text)) for (const [, name] of span.matchAll(VARIABLE)) if (!known.has(name)) unknown.push(`${file}: ${name}`);
    }
    // The container files too: each variable they give the assistant is one it reads (the
    // assistant's block of compose.yaml; the Dockerfile's ENV), NODE_ENV being Node's own.
    const compose = readFileSync(join(root, 'compose.yaml'), 'utf8');
    const assistant = compose.slice(compose.indexOf('x-assistant:'), compose.indexOf('\nservices:'));
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const given = [
      ...[...assistant.matchAll(/^ {4}([A-Za-z_][A-Za-z0-9_]*):/gm)].map((m) => m[1]),
      ...[...dockerfile.matchAll(/^(?:ENV)?\s+([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]),
    ].filter((name) => name !== 'NODE_ENV');
    expect(given).toEqual(expect.arrayContaining(['MONGODB_URI', 'ENCRYPTION_KEY', 'DATA_DIR', 'KEYS_DIR']));
    for (const name of given) if (!known.has(name)) unknown.push(`container: ${name}`);
    expect(unknown).toEqual([]);
  });

  describe('routes', () => {
    let app: TestServer;
    beforeAll(async () => {
      app = await startTestServer();
    });
    afterAll(() => app?.close());

    it('name only paths the server answers', () => {
      const routes = routesOf(app).map((r) => r.path);
      // Direct Line's stream is a WebSocket upgrade, outside restify's table (src/channels/directline/streams.ts).
      routes.push('/v3/directline/conversations/:id/stream');
      const matches = (path: string, route: string) => {
        const a = path.split('/');
        const b = route.split('/');
        return a.length === b.length && a.every((seg, i) => seg === b[i] || b[i].startsWith(':'));
      };
      // "/v3/directline" names the base all its routes share.
      const served = (path: string) => routes.some((r) => matches(path, r) || r.startsWith(`${path}/`));
      const missing: string[] = [];
      let named = 0;
      for (const { file, text } of guides) {
        for (const span of inlineCode(text)) {
          const path = pathOf(span);
          if (path === null) continue;
          named++;
          if (!served(path)) missing.push(`${file}: ${path}`);
        }
      }
      expect(named).toBeGreaterThan(5);
      expect(missing).toEqual([]);
    });
  });
});
