/**
 * widget.js, built in memory with esbuild from src/widget/ the first time it is asked for, then
 * kept: the minified script, its gzip, and an ETag. The widget's labels
 * (locales/<lang>/widget.json) are inlined at build time, so a label change needs a restart.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { projectRoot } from '../paths';

export const WIDGET_LANGS = ['en', 'fr', 'es'] as const;

export interface WidgetBundle {
  js: Buffer;
  gzip: Buffer;
  etag: string;
}

/** The three widget.json catalogs, by language. */
export function widgetCatalogs(root = projectRoot()): Record<(typeof WIDGET_LANGS)[number], Record<string, string>> {
  const read = (lang: string) => JSON.parse(readFileSync(join(root, 'locales', lang, 'widget.json'), 'utf8')) as Record<string, string>;
  return { en: read('en'), fr: read('fr'), es: read('es') };
}

export async function buildWidget(root = projectRoot()): Promise<WidgetBundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src', 'widget', 'index.ts')],
    tsconfig: join(root, 'src', 'widget', 'tsconfig.json'),
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    target: 'es2019',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    define: { __WIDGET_CATALOGS__: JSON.stringify(widgetCatalogs(root)) },
  });
  const js = Buffer.from(result.outputFiles[0].contents);
  return { js, gzip: gzipSync(js, { level: 9 }), etag: `"${createHash('sha256').update(js).digest('base64url').slice(0, 22)}"` };
}

let cached: Promise<WidgetBundle> | null = null;

/** The bundle, built once per process (a failed build is tried again on the next request). */
export function widgetBundle(): Promise<WidgetBundle> {
  if (!cached) {
    cached = buildWidget();
    cached.catch(() => (cached = null));
  }
  return cached;
}
