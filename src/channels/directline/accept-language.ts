/**
 * The browser's languages (Accept-Language), for a conversation started without a locale: Web
 * Chat sends none at start, and a family whose browser says French should not be asked which
 * language they speak. The first language the assistant speaks, in the browser's order of
 * preference, or null (then it asks).
 */
import { isLang, type Lang } from '../../../dialogs/context';

/** Longer headers are not read: a browser's list is a few dozen characters. */
const MAX_HEADER = 512;

export function acceptedLanguage(header: string | string[] | undefined): Lang | null {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text || text.length > MAX_HEADER) return null;
  const ranked = text
    .split(',')
    .map((part, order) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/i.exec(p)).find(Boolean);
      return { lang: range.trim().split('-')[0].toLowerCase(), q: q ? Number(q[1]) : 1, order };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.map((r) => r.lang).find(isLang) ?? null;
}
