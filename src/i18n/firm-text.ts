/**
 * The firm's own wording (attorney-facing): notifications and pages (locales/en/notify.json), the
 * dashboard (dashboard.json), the PDF (pdf.json). English, like the summary: the family's words stay
 * in their language. Kept in locales/ with the rest so a paralegal edits them without code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { localesDir } from '../paths';

export type FirmTextFile = 'notify' | 'dashboard' | 'pdf' | 'labels';

export interface FirmText {
  /** The text at `key` with {{vars}} filled in; throws on a key the file lacks (a typo in code). */
  (key: string, vars?: Record<string, unknown>): string;
  has(key: string): boolean;
}

export function firmText(file: FirmTextFile, dir = localesDir()): FirmText {
  const resources = JSON.parse(readFileSync(join(dir, 'en', `${file}.json`), 'utf8')) as Record<string, unknown>;
  const i18n = i18next.createInstance();
  void i18n.init({ resources: { en: { translation: resources } }, lng: 'en', interpolation: { escapeValue: false }, initAsync: false, returnNull: false });
  const t = ((key: string, vars: Record<string, unknown> = {}) => {
    if (!i18n.exists(key)) throw new Error(`locales/en/${file}.json has no "${key}"`);
    return i18n.t(key, vars);
  }) as FirmText;
  t.has = (key) => i18n.exists(key);
  return t;
}
