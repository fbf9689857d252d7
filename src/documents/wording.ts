/**
 * The family's words about documents (locales/<lang>/documents.json): each refusal
 * (`refusal.<code>`) and each checklist item (`items.<key>`), in their language. Read once at start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { LANGUAGES, type Lang } from '../../dialogs/context';
import type { DocumentsConfig } from '../config/env';
import { localesDir } from '../paths';
import type { Refusal } from './contract';

const MB = 1024 * 1024;

export function loadDocumentWords(lang: Lang, dir = localesDir()): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, lang, 'documents.json'), 'utf8')) as Record<string, unknown>;
}

export class DocumentWords {
  private readonly i18n: i18n;

  constructor(
    /** The limits the refusals name. */
    private readonly limits: Pick<DocumentsConfig, 'maxFileBytes' | 'maxIntakeBytes' | 'maxFiles'>,
    dir = localesDir(),
  ) {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: loadDocumentWords(l, dir) }])),
      lng: 'en',
      fallbackLng: 'en',
      // Put into HTML by whoever shows it, with their own escaping.
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
  }

  /** Any wording of documents.json (the upload page's own keys too). */
  t(lang: Lang, key: string, vars: Record<string, unknown> = {}): string {
    return this.i18n.t(key, { lng: lang, ...vars });
  }

  /** Why the file was not kept, with the limits it ran into. */
  refusal(lang: Lang, code: Refusal): string {
    return this.t(lang, `refusal.${code}`, {
      maxFileMb: Math.floor(this.limits.maxFileBytes / MB),
      maxIntakeMb: Math.floor(this.limits.maxIntakeBytes / MB),
      maxFiles: this.limits.maxFiles,
    });
  }

  /** A checklist item ('other' included) in the family's words. */
  item(lang: Lang, key: string): string {
    return this.t(lang, `items.${key}`);
  }
}
