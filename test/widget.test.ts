/**
 * The website chat widget as served: the bundle builds and stays small, /widget.js and the demo
 * page are served with the right types, and the widget's labels exist in all three languages.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { widgetCatalogs, widgetFile, WIDGET_LANGS } from '../src/web/bundle';
import { buildWidget } from '../src/web/widget-build';
import { acceptsGzip, demoPage } from '../src/web/routes';
import { projectRoot } from '../src/paths';
import type { Parts } from '../src/server/parts';
import { startTestServer, type TestServer } from './support/server';

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A plain GET (no automatic decompression, unlike fetch). */
function get(url: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the widget bundle', () => {
  let js: Buffer;

  beforeAll(async () => {
    js = (await buildWidget()).js;
  });

  it('builds into one script of at most 30 KB gzipped', () => {
    expect(js.length).toBeGreaterThan(1000);
    const gzipped = gzipSync(js).length;
    expect(gzipped).toBeLessThanOrEqual(30 * 1024);
  });

  it('has the three catalogs inlined and speaks Direct Line', () => {
    const text = js.toString('utf8');
    for (const lang of WIDGET_LANGS) expect(text).toContain(widgetCatalogs()[lang].launcher);
    expect(text).toContain('/v3/directline');
    expect(text).not.toContain('__WIDGET_CATALOGS__');
  });
});

describe('the widget labels (locales/<lang>/widget.json)', () => {
  const catalogs = widgetCatalogs();
  const placeholders = (s: string) => (s.match(/\{\{\s*\w+\s*\}\}/g) ?? []).map((p) => p.replace(/\s/g, '')).sort();

  it('have the same keys in every language, none empty, with the same placeholders', () => {
    const keys = Object.keys(catalogs.en).sort();
    expect(keys.length).toBeGreaterThan(10);
    for (const lang of WIDGET_LANGS) {
      expect(Object.keys(catalogs[lang]).sort()).toEqual(keys);
      for (const key of keys) {
        const value = catalogs[lang][key];
        expect(typeof value).toBe('string');
        expect(value.trim()).not.toBe('');
        expect([lang, key, placeholders(value)]).toEqual([lang, key, placeholders(catalogs.en[key])]);
      }
    }
  });

  it('are exactly the labels the widget looks up', () => {
    const source = readFileSync(join(projectRoot(), 'src', 'widget', 'i18n.ts'), 'utf8');
    const union = /export type LabelKey =([^;]+);/.exec(source)?.[1] ?? '';
    const used = [...union.matchAll(/'(\w+)'/g)].map((m) => m[1]).sort();
    expect(used).toEqual(Object.keys(catalogs.en).sort());
  });

  it('name each language in itself, as the bot understands a switch', () => {
    expect([catalogs.en.languageName, catalogs.fr.languageName, catalogs.es.languageName]).toEqual(['English', 'Français', 'Español']);
    expect(catalogs.fr.progress).toContain('{{step}}');
  });
});

describe('the web routes', () => {
  let app: TestServer;

  beforeAll(async () => {
    app = await startTestServer();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serve /widget.js gzipped to a client that accepts it', async () => {
    const res = await get(`${app.url}/widget.js`, { 'Accept-Encoding': 'br, gzip;q=0.8' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    const js = gunzipSync(res.body);
    expect(js.toString('utf8')).toContain('/v3/directline');
    expect(res.body.length).toBeLessThanOrEqual(30 * 1024);

    const again = await get(`${app.url}/widget.js`, { 'If-None-Match': String(res.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('serve /widget.js plain to a client that does not', async () => {
    const res = await get(`${app.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString('utf8')).toContain('/v3/directline');
  });

  it('serve the file `npm run build` wrote (built from the current source), not a build of their own', async () => {
    const res = await get(`${app.url}/widget.js`);
    expect(res.body.equals(readFileSync(widgetFile()))).toBe(true);
    expect(res.body.equals((await buildWidget()).js)).toBe(true);
  });

  it('serve a demo page with the firm name and the one-line embed pointing at this server', async () => {
    const res = await get(`${app.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body.toString('utf8');
    expect(html).toContain('Test Law');
    expect(html).toContain(`<script src="${app.url}/widget.js" data-server="${app.url}" async></script>`);
    expect(html).not.toMatch(/\{\{\w+\}\}/);
  });

  it('escape the firm name in the demo page', () => {
    const parts = { config: { ...app.parts.config, firm: { ...app.parts.config.firm, name: '<b>Smith & "Jones"</b>' } } } as Parts;
    const html = demoPage(parts);
    expect(html).toContain('&lt;b&gt;Smith &amp; &quot;Jones&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>Smith');
  });

  it('read Accept-Encoding as HTTP means it', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('GZIP')).toBe(true);
    expect(acceptsGzip('br;q=1, gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
