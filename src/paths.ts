import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root folder, found from this file whether it runs from src/ (ts-node, jest) or
 * from dist/src/ (compiled): the first folder upwards that holds locales/.
 */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'locales', 'en', 'messages.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('locales/ not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

export const localesDir = () => join(projectRoot(), 'locales');
