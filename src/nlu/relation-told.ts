/**
 * Who is ill or who died, named with the reason ("my aunt died", "funeral is Sunday, her brother",
 * "su papá está grave", "pr visiter sa soeur malade"): the answer to the relation question too,
 * so it is not asked again. Only when the words settle it from the traveler's side: the
 * traveler's relative ("his", "su", "sa"), a family word with no owner, or the writer's own when
 * the writer is the traveler. "My dad" from someone else is left to the relation question.
 *
 * Its form is the relation question's: the family word alone in English and French ("sister",
 * "père"), with its possessive in Spanish ("su papá", "mi mamá").
 */
import type { Lang } from '../../dialogs/context';
import type { ParseContext } from './dates';
import { familyWordAt, possessiveAt } from './kin';
import { asText, tokenize } from './normalize';
import { extractFacts } from './story';
import { langOrder } from './vocab';

export function relationToldWithReason(text: string, lang: Lang, ctx: ParseContext, role: string | null): string | null {
  const s = asText(text);
  const tokens = tokenize(s);
  const w = tokens.map((t) => t.t);
  scan: for (const l of langOrder(lang)) {
    for (let i = 0; i < w.length; i++) {
      const hit = familyWordAt(w, i, l);
      if (!hit || hit.kin === 'client') continue;
      const theirs = hit.owner === 'traveler' || hit.owner === 'none' || (hit.owner === 'writer' && role === 'traveler');
      if (!theirs) break scan;
      // In Spanish the possessive is kept, also before a word of another language ("su mom").
      const from = lang !== 'es' ? i : hit.start < i ? hit.start : i > 0 && possessiveAt(w, i - 1, lang) ? i - 1 : i;
      return s.slice(tokens[from].start, tokens[hit.end - 1].end).replace(/['’]s$/iu, '');
    }
  }
  const told = extractFacts(s, ctx).answers.relation;
  return told && 'value' in told && typeof told.value === 'string' ? told.value : null;
}
