/**
 * An answer as the user reads it back at the review, in their language: choice labels, dates in
 * words, country names. Free text is shown as they wrote it.
 */
import countries from 'i18n-iso-countries';
import { LANGUAGES, type Answer, type IncidentAnswers, type Lang, type Place } from '../../dialogs/context';
import { questionDef, questionKeys, type QuestionId } from '../../dialogs/questions';
import type { Catalog } from './catalog';
import { phoneForReading } from './values';

for (const l of LANGUAGES) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  countries.registerLocale(require(`i18n-iso-countries/langs/${l}.json`));
}

export function countryName(code: string, lang: Lang): string {
  return countries.getName(code, lang) ?? code;
}

/** "2026-12-08" -> "December 8, 2026"; "2009-03" -> "March 2009"; "2009" stays. */
export function formatDate(value: string, lang: Lang): string {
  const [y, m, d] = value.split('-').map(Number);
  if (!m) return String(y);
  const date = new Date(Date.UTC(y, m - 1, d || 1));
  const opts: Intl.DateTimeFormatOptions = d
    ? { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }
    : { year: 'numeric', month: 'long', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(lang, opts).format(date);
}

export function formatAnswer(catalog: Catalog, lang: Lang, q: QuestionId, answer: Answer | undefined): string {
  if (!answer) return catalog.t(lang, 'ui.notAnswered');
  if ('unsure' in answer) return catalog.t(lang, answer.asap ? 'ui.asap' : 'ui.unsure');
  if ('none' in answer) return catalog.t(lang, 'ui.none');
  const v = answer.value;
  const def = questionDef(q);
  // A choice by its label; a value outside the choices by the name the question gives it (a
  // port from the ports file), else as written.
  const option = (value: string) => (def.options?.includes(value) ? catalog.t(lang, questionKeys(q).option(value)) : (def.values?.[value] ?? value));
  switch (def.kind) {
    case 'yesno':
      return catalog.t(lang, v === 'yes' ? 'ui.yes' : 'ui.no');
    case 'choice':
    case 'choiceOrText':
      return option(String(v));
    case 'multi':
      return (v as string[]).map(option).join(', ');
    case 'futureDate':
    case 'pastDate':
      return formatDate(String(v), lang);
    case 'duration':
      return catalog.t(lang, 'ui.days', { count: v as number });
    case 'countries':
      return (v as string[]).map((c) => countryName(c, lang)).join(', ');
    case 'place': {
      const p = v as Place;
      return [p.city, p.region, p.country ? countryName(p.country, lang) : null].filter(Boolean).join(', ');
    }
    case 'names':
      return (v as string[]).join(', ');
    case 'phone':
      return phoneForReading(String(v));
    default:
      return String(v);
  }
}

export function formatIncident(catalog: Catalog, lang: Lang, incident: IncidentAnswers): string {
  const f = (q: keyof IncidentAnswers) => (incident[q] ? formatAnswer(catalog, lang, q, incident[q]) : catalog.t(lang, 'ui.unknown'));
  return catalog.t(lang, 'ui.incident', {
    date: f('incidentDate'),
    place: f('incidentPlace'),
    charge: f('incidentCharge'),
    outcome: f('incidentOutcome'),
    sentence: f('incidentSentence'),
  });
}
