/**
 * The family's words kept in one file of locales/ beside the chart's catalog (documents.json,
 * upload.json): that file in every language, read once, looked up by language with English as the
 * fallback. Values are not escaped here: whoever puts them into HTML escapes them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { localesDir } from '../paths';

export function loadLocaleFile(file: string, lang: Lang, dir = localesDir()): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Record<string, unknown>;
}

export class FileCatalog {
  private readonly i18n: i18n;

  constructor(file: string, dir = localesDir()) {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: loadLocaleFile(file, l, dir) }])),
      lng: 'en',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
  }

  t(lang: Lang, key: string, vars: Record<string, unknown> = {}): string {
    return this.i18n.t(key, { lng: lang, ...vars });
  }
}
