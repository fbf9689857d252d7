/**
 * Builds widget.js from src/widget/ with esbuild: at `npm run build` (this file run by node, after
 * tsc) and once before the tests (test/global-setup.ts). The server only reads the file written
 * here (./bundle), so esbuild is a build tool, not something the running server loads. The
 * widget's labels (locales/<lang>/widget.json) are inlined, so a label change needs a build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../paths';
import { widgetCatalogs, widgetFile } from './bundle';

/** The minified widget script. */
export async function buildWidget(root = projectRoot()): Promise<{ js: Buffer }> {
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
  return { js: Buffer.from(result.outputFiles[0].contents) };
}

/** Builds the widget and writes it where the server reads it; returns the file's path. */
export async function writeWidget(root = projectRoot()): Promise<string> {
  const { js } = await buildWidget(root);
  const file = widgetFile(root);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, js);
  return file;
}

if (require.main === module) {
  writeWidget().then(
    (file) => process.stdout.write(`widget: ${file}\n`),
    (err: Error) => {
      process.stderr.write(`widget build failed: ${err.message}\n`);
      process.exit(1);
    },
  );
}
