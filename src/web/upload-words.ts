/**
 * The family's words on the upload page and about what they send (locales/<lang>/upload.json),
 * read once at start. Refusals and checklist items are the document desk's words
 * (src/documents/wording.ts); this file holds the page's own and the replies about files.
 */
import { FileCatalog } from '../i18n/file-catalog';
import { localesDir } from '../paths';

export class UploadWords extends FileCatalog {
  constructor(dir = localesDir()) {
    super('upload.json', dir);
  }
}

let shared: UploadWords | null = null;
/** One catalog for the process (the files do not change while it runs). */
export function uploadWords(): UploadWords {
  shared ??= new UploadWords();
  return shared;
}
