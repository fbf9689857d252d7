/**
 * The one thing said to a family while the database is away: "received, we will answer shortly",
 * in their language (locales/<lang>/messages.json, say.spooled). Pure: no I/O.
 */
import type { Lang } from '../../dialogs/context';
import type { Firm } from '../config/firm';
import type { Catalog } from '../i18n/catalog';
import type { Rendered } from '../i18n/render';
import { detectCommand } from '../nlu';

/** The `say` keys this module looks up (test/locales.test.ts checks they exist and fit an SMS). */
export const SPOOL_SAY_KEYS = ['spooled'] as const;

export function spooledNotice(catalog: Catalog, firm: Firm, language: Lang): Rendered {
  const key = `say.${SPOOL_SAY_KEYS[0]}`;
  return { key, text: catalog.t(language, key, { firmName: firm.name, firmPhone: firm.phone }), choices: [], progress: null };
}

/** An opt-out is never answered (carrier rules): it is spooled and replayed silently. */
export function isOptOut(text: string): boolean {
  return detectCommand(text)?.command === 'stop';
}
