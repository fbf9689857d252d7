/**
 * Runs the servers under load from their TypeScript without ts-node: each .ts file is turned into
 * JavaScript by esbuild as it is required, and nothing else is loaded. ts-node loads Node's REPL,
 * which loads the deprecated `domain` module, which slows every event emitter in the process (and
 * the TypeScript compiler, ~100 MB): neither is in a server started with `npm start`, which runs the
 * compiled JavaScript. Used as `node -r ./bench/ts-hook.js script.ts`.
 */
const { readFileSync } = require('node:fs');
const { transformSync } = require('esbuild');

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcefile: filename,
  });
  module._compile(code, filename);
};
