/**
 * The callback number and the e-mail address as families type them: with a remark ("716-555-0107,
 * I'm on night shift so text first": the remark kept as details, and "after 6" as the best time to
 * call), spelled out ("four one six…", "pedro punto ramirez arroba outlook punto com"), with a
 * letter for a digit ("514-555-0l82"), or not at all ("no email", "je n'en ai pas": none).
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Answers, Lang } from '../../dialogs/context';
import { absenceIn } from './absent';
import { languagesOf, phraseAt, trimText } from './clauses';
import { parseEmail } from './email';
import type { Reading } from './extract';
import { PhraseIndex, asText, tokenize, words } from './normalize';
import { perLang } from './vocab';

const digitWords = perLang((v) => new Map(Object.entries(v.numberWords).filter(([, n]) => n >= 0 && n <= 9)));
const zeroWords = perLang((v) => new Set(v.values.digitZero));

/** "four one six five five five…" -> "416555…": a run of at least seven digit words (groups of digits may come among them: "716 five five five 0142"). */
function spelledDigits(text: string, langs: readonly Lang[]): string | null {
  const tokens = tokenize(text);
  let digits = '';
  let spelled = false;
  let best = '';
  const end = () => {
    // Only a run with a digit in words is spelled: digits alone are read as typed.
    if (spelled && digits.length > best.length) best = digits;
    digits = '';
    spelled = false;
  };
  for (const t of tokens) {
    // "oh" for zero, only among digits already read ("five five five oh one"; not "oh, my number...").
    const word =
      langs.map((l) => digitWords(l).get(t.t)).find((x) => x !== undefined) ?? (digits.length > 0 && langs.some((l) => zeroWords(l).has(t.t)) ? 0 : undefined);
    if (/^\d{1,4}$/u.test(t.t)) digits += t.t;
    else if (word !== undefined) {
      digits += String(word);
      spelled = true;
    } else end();
  }
  end();
  return best.length >= 7 ? best : null;
}

/** A letter typed for a digit inside a group of digits ("0l82" -> "0182", "5O5" -> "505"). */
function lettersAsDigits(text: string): string {
  return text.replace(/\d[\dlIoO]*[lIoO][\dlIoO]*|[lIoO]\d+/gu, (g) => g.replace(/[lI]/gu, '1').replace(/[oO]/gu, '0'));
}

/** Regions to try for a number written without a country code, by the conversation's language. */
const REGIONS: Record<Lang, CountryCode[]> = { en: ['US'], fr: ['US', 'FR'], es: ['US', 'MX'] };

/** A number with Mexico's old mobile "1" after +52 ("+52 1 81 8765 4321"), which no longer dials. */
function withoutOldMexicanMobilePrefix(text: string): string {
  // Same length, so that where the number is in the text stays true.
  return text.replace(/\+\s*52[\s.-]*1[\s.-]+(?=\d)/u, (m) => m.replace(/1(?=[\s.-]+$)/u, ' '));
}

interface Found {
  number: string;
  /** An extension said with it ("ext 12"): not dialled, kept for the attorney. */
  ext: string | null;
  /** Where it is in the text; null when the whole text is the number. */
  span: { start: number; end: number } | null;
}

function findPhone(text: string, lang: Lang): Found | null {
  const t = withoutOldMexicanMobilePrefix(lettersAsDigits(text));
  for (const region of REGIONS[lang]) {
    // Where it is in the text first, so that what is around it is kept ("7165550100 ext 12").
    for (const f of findPhoneNumbersInText(t, region)) {
      if (f.number.isValid()) return { number: f.number.number, ext: f.number.ext ?? null, span: { start: f.startsAt, end: f.endsAt } };
    }
    const whole = parsePhoneNumberFromString(t, region);
    if (whole?.isValid()) return { number: whole.number, ext: whole.ext ?? null, span: null };
  }
  return null;
}

/** Words enough for a time to call ("después de las 6", "en la noche"); more is a sentence ("night shift so text first"). */
const CALL_TIME_WORDS = 4;

/** The best time to call said at the end, with the number ("514 555 0123 después de las 6", "pero contesta mejor en la noche"). */
function callTimeIn(rest: string, langs: readonly Lang[]): string | null {
  const tokens = tokenize(rest);
  const w = tokens.map((t) => t.t);
  for (let i = 0; i < w.length; i++) {
    if (phraseAt(w, i, ['callTimes'], langs) <= i) continue;
    const when = trimText(rest.slice(tokens[i].start));
    return when.split(/\s+/u).length <= CALL_TIME_WORDS ? when : null;
  }
  return null;
}

const contactWords = perLang((v) => new PhraseIndex([...v.fields.contactPhone, ...v.fields.contactEmail].map((p) => [p, true] as const)));

/** The words before a number or an address, unless they only introduce it ("my number is", "su numero es", "email:"). */
function remark(text: string, langs: readonly Lang[]): string {
  const t = trimText(text);
  const w = words(t);
  for (let i = 0; i < w.length;) {
    const end = Math.max(
      phraseAt(w, i, ['fillers', 'introducers', 'reachMeAt', 'mine', 'determiners', 'caseWords'], langs),
      ...langs.flatMap((l) =>
        contactWords(l)
          .at(w, i)
          .map((m) => m.end),
      ),
    );
    if (end <= i) return t;
    i = end;
  }
  return '';
}

export function readPhone(text: string, lang: Lang): Reading | null {
  const s = asText(text);
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: true });
  if (absent) return absent.kind === 'unsure' ? { unsure: true } : { none: true };
  const spelled = spelledDigits(s, langs);
  const found = findPhone(s, lang) ?? (spelled ? findPhone(spelled, lang) : null);
  if (!found) {
    const email = parseEmail(s);
    return email ? { reask: true, also: { contactEmail: { value: email } } } : null;
  }
  // The extension as typed ("ext 12", "poste 12").
  const typed = found.span ? s.slice(found.span.start, found.span.end) : s;
  const ext = found.ext ? trimText(/[^\d\s().+\-/][\s\S]*$/u.exec(typed)?.[0] ?? found.ext) : '';
  if (!found.span || spelled) return { value: found.number, ...(ext ? { details: ext } : {}) };
  const before = remark(s.slice(0, found.span.start), langs);
  const after = trimText(s.slice(found.span.end));
  const details = [before, ext, after].filter(Boolean).join(' … ');
  const also: Answers = {};
  const when = after ? callTimeIn(after, langs) : null;
  if (when) also.bestTime = { value: when };
  const email = parseEmail(s);
  if (email) also.contactEmail = { value: email };
  return { value: found.number, ...(details ? { details } : {}), ...(Object.keys(also).length ? { also } : {}) };
}

const spelledSigns = perLang((v) => ({ at: v.values.emailAt, dot: v.values.emailDot, underscore: v.values.emailUnderscore, dash: v.values.emailDash }));
const alternation = (xs: readonly string[]) => xs.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('|');

/** An address spelled out or spaced ("kevin.hdz @ gmail.com", "pedro punto ramirez arroba outlook punto com", "x@hotmail,com"). */
function unspelled(text: string, langs: readonly Lang[]): string {
  let t = text.replace(/\s*@\s*/gu, '@');
  const at = alternation(langs.flatMap((l) => spelledSigns(l).at));
  const dot = alternation(langs.flatMap((l) => spelledSigns(l).dot));
  const atWord = new RegExp(`\\s+(?:${at})\\s+`, 'giu');
  const dotWord = new RegExp(`\\s+(?:${dot})\\s+`, 'giu');
  if (!t.includes('@') && atWord.test(t) && dotWord.test(t)) {
    // "laura guion bajo soto", "jean tiret paul": the signs inside the name too, "_" before "-" ("guion bajo" holds "guion").
    const sign = (xs: readonly string[]) => new RegExp(`\\s+(?:${alternation(xs)})\\s+`, 'giu');
    t = t.replace(sign(langs.flatMap((l) => spelledSigns(l).underscore)), '_').replace(sign(langs.flatMap((l) => spelledSigns(l).dash)), '-');
    t = t.replace(atWord, '@').replace(dotWord, '.');
  }
  // A comma typed for the dot before the ending ("hotmail,com").
  return t.replace(/@([\w-]+),(\p{L}{2,4})\b/giu, '@$1.$2');
}

export function readEmail(text: string, lang: Lang): Reading | null {
  const s = asText(text);
  const langs = languagesOf(s, lang);
  const absent = absenceIn(s, lang, { lacking: true });
  if (absent)
    return { ...(absent.kind === 'unsure' ? { unsure: true as const } : { none: true as const }), ...(absent.details ? { details: absent.details } : {}) };
  const t = unspelled(s, langs);
  const email = parseEmail(t);
  if (!email) return null;
  const at = t.toLowerCase().indexOf(email);
  const before = at >= 0 ? remark(t.slice(0, at), langs) : '';
  const after = at >= 0 ? trimText(t.slice(at + email.length)) : '';
  const details = [before, after].filter(Boolean).join(' … ');
  return { value: email, ...(details ? { details } : {}) };
}
