/**
 * The widget's own labels. The wording lives in locales/<lang>/widget.json and is inlined into
 * the bundle at build time (src/web/bundle.ts); none of it is written here.
 */
export const LANGS = ['en', 'fr', 'es'] as const;
export type Lang = (typeof LANGS)[number];

export type LabelKey =
  | 'languageName'
  | 'launcher'
  | 'title'
  | 'subtitle'
  | 'close'
  | 'language'
  | 'send'
  | 'placeholder'
  | 'inputLabel'
  | 'progress'
  | 'typing'
  | 'connecting'
  | 'connectionError'
  | 'sendFailed'
  | 'sending'
  | 'bot'
  | 'you'
  | 'emergency'
  | 'continueLater'
  | 'continueLaterHint'
  | 'endConversation'
  | 'endTitle'
  | 'endText'
  | 'endConfirm'
  | 'endCancel'
  | 'ended'
  | 'attach'
  | 'attachTooLarge'
  | 'attachFailed';

const CATALOGS = __WIDGET_CATALOGS__;

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).indexOf(x) >= 0;
}

/** en, fr or es from a tag such as "fr-CA"; null for any other language. */
export function langOf(tag: string | null | undefined): Lang | null {
  const l = (tag || '').slice(0, 2).toLowerCase();
  return isLang(l) ? l : null;
}

/** A label in a language, with its {{placeholders}} filled. */
export function t(lang: Lang, key: LabelKey, vars: Record<string, string | number> = {}): string {
  const text = CATALOGS[lang][key] ?? CATALOGS.en[key] ?? '';
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}
