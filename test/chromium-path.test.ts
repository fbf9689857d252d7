/**
 * The browser tests find their Chromium on other machines too: CHROMIUM_PATH first, then the
 * usual places; a wrong CHROMIUM_PATH or none at all says how to get one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findChromium, HOW_TO_GET } = require('../scripts/chromium') as {
  findChromium(env?: NodeJS.ProcessEnv, candidates?: string[]): string | null;
  HOW_TO_GET: string;
};

describe('finding Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chromium-path-'));
  const fake = join(dir, 'chrome');
  writeFileSync(fake, '');

  it('takes CHROMIUM_PATH before any usual location', () => {
    expect(findChromium({ CHROMIUM_PATH: fake }, [join(dir, 'other')])).toBe(fake);
  });

  it('refuses a CHROMIUM_PATH that does not exist, saying how to get one', () => {
    expect(() => findChromium({ CHROMIUM_PATH: join(dir, 'missing') })).toThrow(/CHROMIUM_PATH .*does not exist[\s\S]*apt-get install -y chromium/);
  });

  it('looks in the usual locations in order, and finds none where there is none', () => {
    const second = join(dir, 'second');
    writeFileSync(second, '');
    expect(findChromium({}, [join(dir, 'first'), second])).toBe(second);
    expect(findChromium({}, [join(dir, 'first')])).toBeNull();
    expect(HOW_TO_GET).toMatch(/CHROMIUM_PATH/);
    expect(HOW_TO_GET).toMatch(/brew/);
  });
});
