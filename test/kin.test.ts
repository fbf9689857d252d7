/**
 * Who is who (src/nlu/kin.ts): family words read from the one who writes and resolved to the
 * traveler; what the words do not settle is asked, never guessed. Phrasings of our own.
 */
import type { Answers, Lang } from '../dialogs/context';
import { patientOf, writerOf } from '../src/nlu/kin';

const v = (value: string) => ({ value });
const traveler: Answers = { role: v('traveler') };
const family = (relationship: string): Answers => ({ role: v('family'), relationship: v(relationship) });
const patient = (text: string, answers: Answers, lang: Lang = 'en') => patientOf(text, lang, writerOf(answers, lang))?.value ?? null;

describe('the patient, from who writes', () => {
  it.each([
    // the traveler writes: their own relatives
    ['my little girl', traveler, 'en', 'child'],
    ['mi nena', traveler, 'es', 'child'],
    ['ma mère', traveler, 'fr', 'other_relative'],
    ['myself', traveler, 'en', 'traveler'],
    ['yo mismo', traveler, 'es', 'traveler'],
    // the traveler's daughter or son writes: their child is the traveler's grandchild
    ['my daughter', family('his son'), 'en', 'other_relative'],
    ['mi niña', family('hija'), 'es', 'other_relative'],
    ['ma fille', family('son fils'), 'fr', 'other_relative'],
    ['me', family('daughter'), 'en', 'child'],
    ['moi-même', family('fille'), 'fr', 'child'],
    // the wife writes: "our son" is his, her husband is the traveler
    ['nuestra hija', family('esposa'), 'es', 'child'],
    ['my husband', family('wife'), 'en', 'traveler'],
    ['my stepson', family('wife'), 'en', 'child'],
    // the sister writes: their mother, her son
    ['notre mère', family('sœur'), 'fr', 'other_relative'],
    ['mi hijo', family('hermana'), 'es', 'other_relative'],
    // the traveler's own relatives, said of him
    ['his daughter', family('brother'), 'en', 'child'],
    ['sa petite-fille', family('frère'), 'fr', 'other_relative'],
    ['el nieto de él', {}, 'es', 'other_relative'],
    ['la persona que viaja', {}, 'es', 'traveler'],
    ['elle-même', {}, 'fr', 'traveler'],
    // someone else writes about the traveler: "him" is the traveler
    ['him', family('daughter'), 'en', 'traveler'],
    // a friend's son is not the traveler's child
    ['mon fils', { role: v('friend') }, 'fr', 'other_relative'],
  ] as [string, Answers, Lang, string][])('%s (writer %j) -> %s', (text, answers, lang, expected) => {
    expect(patient(text, answers, lang)).toBe(expected);
  });

  it.each([
    // the wife's son may be his stepson
    ['my son', family('wife'), 'en'],
    ['mon fils', family('épouse'), 'fr'],
    // the traveler's mother: her grandson may be his child or his nephew; her son may be him
    ['mi nieto', family('madre'), 'es'],
    ['my son', family('mother'), 'en'],
    // the sister's brother may be the traveler
    ['my brother', family('sister'), 'en'],
    // a relation from the writer with no relationship known
    ['my son', { role: v('family') }, 'en'],
    // "her", when the traveler writes, is someone else
    ['her', traveler, 'en'],
    // two people, or the traveler gives an organ
    ['both, him and his son', family('wife'), 'en'],
    ['los dos', traveler, 'es'],
    ['moi, je suis donneuse pour ma sœur', traveler, 'fr'],
    // two different people named
    ['my mother and my son', traveler, 'en'],
  ] as [string, Answers, Lang][])('%s (writer %j) is asked', (text, answers, lang) => {
    expect(patient(text, answers, lang)).toBe('ask');
  });

  it('a later word about the same person changes nothing', () => {
    expect(patient('my father, he is the one who is sick', family('daughter'))).toBe('traveler');
    expect(patient('mi hija, la nieta de él', family('hija'), 'es')).toBe('other_relative');
  });

  it('names no one: left to the choices', () => {
    expect(patientOf('heart surgery', 'en', writerOf(traveler, 'en'))).toBeNull();
  });
});
