/**
 * The family's words about documents (locales/<lang>/documents.json): each refusal
 * (`refusal.<code>`) and each checklist item (`items.<key>`), in their language. Read once at start.
 */
import type { Lang } from '../../dialogs/context';
import type { DocumentsConfig } from '../config/env';
import { FileCatalog, loadLocaleFile } from '../i18n/file-catalog';
import { localesDir } from '../paths';
import type { Refusal } from './contract';

const MB = 1024 * 1024;

export function loadDocumentWords(lang: Lang, dir = localesDir()): Record<string, unknown> {
  return loadLocaleFile('documents.json', lang, dir);
}

export class DocumentWords extends FileCatalog {
  constructor(
    /** The limits the refusals name. */
    private readonly limits: Pick<DocumentsConfig, 'maxFileBytes' | 'maxIntakeBytes' | 'maxFiles'>,
    dir = localesDir(),
  ) {
    super('documents.json', dir);
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
