/**
 * ISO country names in the three languages, from i18n-iso-countries (so no country list lives in
 * this project). Only the en/fr/es locales are registered: the package's default entry point
 * would load all of its ~80 locales.
 */
import * as isoCountries from 'i18n-iso-countries/index';
import enCountries from 'i18n-iso-countries/langs/en.json';
import frCountries from 'i18n-iso-countries/langs/fr.json';
import esCountries from 'i18n-iso-countries/langs/es.json';
import type { Lang } from '../../dialogs/context';

isoCountries.registerLocale(enCountries);
isoCountries.registerLocale(frCountries);
isoCountries.registerLocale(esCountries);

export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isoCountries.isValid(code);
}

/** Every name and alias of every country in a language, as [name, alpha-2] pairs. */
export function isoCountryNames(lang: Lang): [string, string][] {
  const out: [string, string][] = [];
  for (const [code, names] of Object.entries(isoCountries.getNames(lang, { select: 'all' }))) {
    for (const name of names) out.push([name, code]);
  }
  return out;
}
