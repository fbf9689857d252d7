/**
 * widget.js as the server sends it: the file `npm run build` wrote (./widget-build), read the
 * first time it is asked for, then kept with its gzip and an ETag.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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

/** Where the build writes the widget (dist/ is what a deployment ships). */
export function widgetFile(root = projectRoot()): string {
  return join(root, 'dist', 'widget', 'widget.js');
}

export function bundleOf(js: Buffer): WidgetBundle {
  return { js, gzip: gzipSync(js, { level: 9 }), etag: `"${createHash('sha256').update(js).digest('base64url').slice(0, 22)}"` };
}

async function readWidget(): Promise<WidgetBundle> {
  const file = widgetFile();
  try {
    return bundleOf(await readFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('dist/widget/widget.js is missing: run npm run build', { cause: err });
    throw err;
  }
}

let cached: Promise<WidgetBundle> | null = null;

/** The built widget, read once per process (a failed read is tried again on the next request). */
export function widgetBundle(): Promise<WidgetBundle> {
  if (!cached) {
    cached = readWidget();
    cached.catch(() => (cached = null));
  }
  return cached;
}
