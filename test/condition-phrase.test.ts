/**
 * The illness or procedure a message names, as typed (src/nlu/condition-phrase.ts): the head word
 * with the words that say which, an illness over giving way to the one the trip is for, and a
 * procedure named alone saying too little. Phrasings of our own.
 */
import type { Lang } from '../dialogs/context';
import { conditionPhrase } from '../src/nlu/condition-phrase';

describe('the condition named in a message', () => {
  it.each([
    ['en', 'our son needs open heart surgery in Boston next month', 'open heart surgery'],
    ['en', 'she has stage 4 breast cancer', 'stage 4 breast cancer'],
    ['en', 'my dad has kidney failure and needs dialysis', 'kidney failure'],
    ['es', 'mi hija tiene leucemia y la van a internar', 'leucemia'],
    ['es', 'necesita una operación de la columna en Miami', 'operación de la columna'],
    ['es', 'TIENE CANCER DE PULMON', 'CANCER DE PULMON'],
    ['fr', "il a besoin d'une chirurgie du coeur à Boston", 'chirurgie du coeur'],
    ['fr', 'elle a un cancer du sein en phase terminale', 'cancer du sein en phase terminale'],
  ] as const)('%s %j -> %j', (lang, text, expected) => {
    expect(conditionPhrase(text, lang as Lang)).toBe(expected);
  });

  it('an illness past and over gives way to a later one', () => {
    expect(conditionPhrase('tuvo un derrame en 2023, ya está bien, ahora necesita un marcapasos', 'es')).toBe('marcapasos');
    expect(conditionPhrase('she had a heart attack last year', 'en')).toBe('heart attack');
  });

  it('a procedure named alone, or an illness denied, is no condition', () => {
    expect(conditionPhrase('he needs surgery in Buffalo', 'en')).toBeNull();
    expect(conditionPhrase('il doit se faire faire une opération à Plattsburgh', 'fr')).toBeNull();
    expect(conditionPhrase('no cancer, they checked', 'en')).toBeNull();
  });
});
