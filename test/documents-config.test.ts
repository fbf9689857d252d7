/**
 * The document settings: limits with sensible defaults, clamd by socket or TCP, and a clear error
 * naming the variable for a wrong value.
 */
import { ConfigError, loadConfig } from '../src/config/env';

const MB = 1024 * 1024;
const base = { DATA_DIR: '/tmp/unused-data' };

describe('document settings', () => {
  it('defaults to 20 MB a file, 100 MB and 40 files an intake, no scan', () => {
    expect(loadConfig(base).documents).toEqual({ maxFileBytes: 20 * MB, maxIntakeBytes: 100 * MB, maxFiles: 40, clamd: null });
  });

  it('reads the limits and where clamd listens', () => {
    const c = loadConfig({
      ...base,
      DOCUMENT_MAX_FILE_MB: '10',
      DOCUMENT_MAX_INTAKE_MB: '50',
      DOCUMENT_MAX_FILES: '12',
      CLAMD_SOCKET: '/run/clamav/clamd.ctl',
    });
    expect(c.documents).toEqual({ maxFileBytes: 10 * MB, maxIntakeBytes: 50 * MB, maxFiles: 12, clamd: { socket: '/run/clamav/clamd.ctl' } });
    expect(loadConfig({ ...base, CLAMD_HOST: 'clamav.internal' }).documents.clamd).toEqual({ host: 'clamav.internal', port: 3310 });
    expect(loadConfig({ ...base, CLAMD_HOST: '10.0.0.5', CLAMD_PORT: '3311' }).documents.clamd).toEqual({ host: '10.0.0.5', port: 3311 });
    expect(loadConfig({ ...base, CLAMD_SOCKET: '  ' }).documents.clamd).toBeNull();
  });

  it.each([
    ['DOCUMENT_MAX_FILE_MB', '0'],
    ['DOCUMENT_MAX_FILE_MB', 'twenty'],
    ['DOCUMENT_MAX_INTAKE_MB', '-5'],
    ['DOCUMENT_MAX_FILES', '2.5'],
    ['CLAMD_PORT', '70000'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(new RegExp(`${name}: expected`));
  });

  it('refuses a file limit above the intake limit', () => {
    expect(() => loadConfig({ ...base, DOCUMENT_MAX_FILE_MB: '200' })).toThrow(/DOCUMENT_MAX_FILE_MB: expected at most DOCUMENT_MAX_INTAKE_MB \(100\)/);
  });
});
