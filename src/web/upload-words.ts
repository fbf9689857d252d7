/**
 * The family's words on the upload page and about what they send (locales/<lang>/upload.json),
 * read once at start. Refusals and checklist items are the document desk's words
 * (src/documents/wording.ts); this file holds the page's own and the replies about files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { localesDir } from '../paths';

export function loadUploadWords(lang: Lang, dir = localesDir()): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, lang, 'upload.json'), 'utf8')) as Record<string, unknown>;
}

export class UploadWords {
  private readonly i18n: i18n;

  constructor(dir = localesDir()) {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: loadUploadWords(l, dir) }])),
      lng: 'en',
      fallbackLng: 'en',
      // The page escapes every value itself (src/dashboard/html.ts); texts go out as they are.
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
  }

  t(lang: Lang, key: string, vars: Record<string, unknown> = {}): string {
    return this.i18n.t(key, { lng: lang, ...vars });
  }
}

let shared: UploadWords | null = null;
/** One catalog for the process (the files do not change while it runs). */
export function uploadWords(): UploadWords {
  shared ??= new UploadWords();
  return shared;
}
