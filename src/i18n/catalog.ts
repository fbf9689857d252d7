/**
 * The wording catalog: locales/<lang>/messages.json, read at start so a paralegal's edit needs a
 * restart and no build. i18next does interpolation and plurals.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { localesDir } from '../paths';

export type Messages = { [key: string]: string | Messages };

export function loadMessages(lang: Lang, dir = localesDir()): Messages {
  return JSON.parse(readFileSync(join(dir, lang, 'messages.json'), 'utf8')) as Messages;
}

export class Catalog {
  private readonly i18n: i18n;

  constructor(dir = localesDir()) {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: loadMessages(l, dir) }])),
      lng: 'en',
      // A key missing in one language falls back to English rather than showing the key;
      // test/locales.test.ts makes sure none is missing.
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
  }

  /**
   * Wording with nothing to fill in, by language and key: i18next's lookup of it was a
   * measurable share of a turn (bench/ profile), and the catalog does not change while it runs.
   */
  private readonly fixed = new Map<string, string>();

  t(lang: Lang, key: string, vars: Record<string, unknown> = {}): string {
    // Plurals (count) and contexts choose among several keys: always asked of i18next.
    const cacheable = !('count' in vars) && !('context' in vars);
    const id = `${lang}\u0000${key}`;
    if (cacheable) {
      const known = this.fixed.get(id);
      if (known !== undefined) return known;
    }
    const text = this.i18n.t(key, { lng: lang, ...vars });
    if (cacheable && this.isFixed(lang, key)) this.fixed.set(id, text);
    return text;
  }

  /** The wording (or its English fallback) is a plain string: no {{value}} and no nested $t(). */
  private isFixed(lang: Lang, key: string): boolean {
    const raw = this.i18n.getResource(lang, 'translation', key) ?? this.i18n.getResource('en', 'translation', key);
    return typeof raw === 'string' && !raw.includes('{{') && !raw.includes('$t(');
  }

  /** Keys worded per kind of channel, by key and kind: looked up once. */
  private readonly variants = new Map<string, string>();

  /**
   * The key of a wording for one kind of channel: `key_sms` or `key_web` where the catalog words
   * it per kind (the notice, the help), else `key` itself. Every language has the same keys
   * (test/locales.test.ts), so English says which keys have variants.
   */
  forKind(key: string, kind: string): string {
    const id = `${key}\u0000${kind}`;
    let found = this.variants.get(id);
    if (found === undefined) {
      const own = `${key}_${kind}`;
      found = this.i18n.exists(own, { lng: 'en', fallbackLng: false }) ? own : key;
      this.variants.set(id, found);
    }
    return found;
  }

  has(lang: Lang, key: string): boolean {
    return this.i18n.exists(key, { lng: lang, fallbackLng: false });
  }
}
