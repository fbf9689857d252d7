/**
 * Courts, providers and where an incident happened, extracted from the sentence (issue 13, item
 * 8): the value, not the words around it; the remark kept as details. Phrasings of our own, not
 * the corpus's.
 */
import type { Lang } from '../dialogs/context';
import type { QuestionId } from '../dialogs/questions';
import { readAnswer } from '../src/nlu/extract';

const NOW = new Date('2026-11-28T12:00:00Z');
const read = (text: string, q: QuestionId, lang: Lang = 'en') => readAnswer(text, q, { language: lang, now: NOW, timeZone: 'America/New_York', answers: {} });

describe("the value after a sentence's lead", () => {
  it.each([
    ['the trial is at the Kings County Criminal Court', 'court', 'en', 'Kings County Criminal Court'],
    ['we need to go to the Albany Family Court', 'court', 'en', 'Albany Family Court'],
    ['il doit aller au tribunal de Watertown', 'court', 'fr', 'tribunal de Watertown'],
    ['tiene que presentarse en la corte de McAllen', 'court', 'es', 'corte de McAllen'],
    ['she is being treated at Sick Kids Buffalo', 'provider', 'en', 'Sick Kids Buffalo'],
    ['he will see Dr Lee at Mercy Hospital', 'provider', 'en', 'Dr Lee at Mercy Hospital'],
    ['con la doctora Ruiz en el Methodist', 'provider', 'es', 'doctora Ruiz en el Methodist'],
    ['it happened in oshawa', 'incidentPlace', 'en', 'oshawa'],
  ] as const)('%s', (text, q, lang, value) => {
    expect(read(text, q, lang)).toMatchObject({ value });
  });

  it('a lead that names something is part of the value', () => {
    expect(read('district court in Utica', 'court')).toMatchObject({ value: 'district court in Utica' });
    expect(read('Traffic court in Albany', 'court')).toMatchObject({ value: 'Traffic court in Albany' });
    expect(read('la clinique Cleveland', 'provider', 'fr')).toMatchObject({ value: 'clinique Cleveland' });
  });

  it('an article that is the name\'s own stays ("en El Paso"), one that is not goes', () => {
    expect(read('fue en El Centro', 'incidentPlace', 'es')).toMatchObject({ value: 'El Centro' });
    expect(read('en la corte de Yuma', 'court', 'es')).toMatchObject({ value: 'corte de Yuma' });
  });
});

describe('what is said around the place is details', () => {
  it('a remark at the end, a scene before', () => {
    expect(read('in Utica NY when he was a student', 'incidentPlace')).toMatchObject({ value: 'Utica NY', details: 'when he was a student' });
    expect(read('Syracuse family court for his custody case', 'court')).toMatchObject({ value: 'Syracuse family court', details: 'for his custody case' });
    expect(read('a Granby en 2011', 'incidentPlace', 'fr')).toMatchObject({ value: 'Granby', also: { incidentDate: { value: '2011' } } });
    expect(read('hace años, en Ensenada', 'incidentPlace', 'es')).toMatchObject({ value: 'Ensenada', details: 'hace años' });
    expect(read('en Canadá, en Windsor', 'incidentPlace', 'es')).toMatchObject({ value: 'Windsor' });
  });

  it('a guess is not sure; a judge is not the court; a weekday alone is no appointment', () => {
    expect(read('i think it was in guelph', 'incidentPlace')).toMatchObject({ unsure: true });
    expect(read('the judge is Judge Patel', 'court')).toEqual({ reask: true });
    expect(read('la jueza es Ortega', 'court', 'es')).toEqual({ reask: true });
    expect(read('le mardi', 'provider', 'fr')).toEqual({ reask: true });
    expect(read('Queens Family Court', 'court')).toMatchObject({ value: 'Queens Family Court' });
    expect(read('chez lui', 'incidentPlace', 'fr')).toEqual({ reask: true });
    expect(read('at her apartment', 'incidentPlace')).toEqual({ reask: true });
  });
});

describe('citizenship', () => {
  it('stateless is none; a guess or a later doubt is not sure', () => {
    expect(read('stateless, no country', 'citizenship')).toEqual({ none: true });
    expect(read('sin nacionalidad', 'citizenship', 'es')).toEqual({ none: true });
    expect(read('I think Lebanese but not sure', 'citizenship')).toMatchObject({ unsure: true });
    expect(read("je crois qu'elle est malienne", 'citizenship', 'fr')).toMatchObject({ unsure: true });
    expect(read('Lebanese', 'citizenship')).toEqual({ value: ['LB'] });
  });
});
