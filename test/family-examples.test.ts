/**
 * What families wrote when the assistant was tried as they would use it (issue 13's examples),
 * each through the whole conversation as it would happen over SMS: the first reply, what is
 * recorded, what escalates. The patterns behind them are tested where they are understood
 * (nlu*.test.ts, places.test.ts, danger*.test.ts, the corpus); this file holds the examples
 * themselves, so that none of them comes back.
 */
import { converse, type Conversation } from './support/converse';
import { REFERENCE } from './scripts.reference';

const escalations = (c: Conversation) => c.effects.flatMap((e) => (e.type === 'escalate' ? e.reasons : []));
/** The notice accepted in English, "no" to "anyone in danger now?": then the location question. */
const atLocation = (answer: string, lang: 'en' | 'fr' | 'es' = 'en') =>
  converse([{ en: 'English', fr: 'Français', es: 'Español' }[lang], { en: 'yes', fr: 'oui', es: 'sí' }[lang], 'no', answer]);

describe('danger first', () => {
  it('"my dad collapsed and isnt breathing what do i do" as the first message: 911 first, staff alerted, no notice', () => {
    const c = converse(['my dad collapsed and isnt breathing what do i do']);
    expect(c.turns[0].keys).toEqual(['say.emergency']);
    expect(c.turns[0].sms.join(' ')).toMatch(/911/);
    expect(escalations(c)).toEqual(['emergency_now']);
  });
});

describe('stories: time, tense and who is who, read back before they are used', () => {
  /** A story first, the language, the notice accepted, and the read-back confirmed. */
  const told = (story: string) => converse([story, 'English', 'yes', 'yes']);

  it('a refusal at the border years ago is a refusal, not "at the border now": no page', () => {
    const c = told('My brother was refused at the border because of an old conviction. He is in Montréal. Our mother is dying in Boston');
    expect(c.turns[2].asking).toBe('confirmStory');
    expect(c.context.answers.refusals).toEqual({ value: 'yes' });
    expect(c.context.answers.location).toEqual({ value: 'outside_us' });
    expect(c.context.answers.whereNow).toEqual({ value: { city: 'Montréal', country: 'CA' } });
    expect(escalations(c)).toEqual([]);
  });

  it('"old convictions from the 90s" is no date: the date is the one the trip needs, and no 72-hour page', () => {
    const c = told(
      'My husband needs to come to Buffalo for his mother, she is very sick, we need him there by December 9. He has some old convictions from the 90s.',
    );
    expect(c.context.answers.criminal).toEqual({ value: 'yes' });
    expect(c.context.answers.neededBy).toEqual({ value: '2026-12-09' });
    expect(c.context.incidents.flatMap((i) => (i.incidentDate ? [i.incidentDate] : []))).toEqual([]);
    expect(escalations(c)).toEqual([]);
  });

  it('"my dad ... my son\'s heart surgery": the patient is the traveler\'s grandchild, another relative', () => {
    const c = told("my dad needs to come for my son's heart surgery in Boston");
    expect(c.context.answers.patient).toEqual({ value: 'other_relative' });
  });

  it('"at the Peace Bridge right now" in a story asks plainly whether he is at the border before any page', () => {
    const c = converse(["my husband is at the Peace Bridge right now, they won't let him in, his mom is dying in Buffalo", 'English', 'yes']);
    expect(c.turns[2].asking).toBe('borderNow');
    expect(escalations(c)).toEqual([]);
    const confirmed = converse(["my husband is at the Peace Bridge right now, they won't let him in, his mom is dying in Buffalo", 'English', 'yes', 'yes']);
    expect(escalations(confirmed)).toContain('at_border');
  });

  it('"no hay fecha exacta, lo antes posible" records no date: as soon as possible, no 72-hour page', () => {
    const c = converse([...REFERENCE.es.slice(0, 11), 'no hay fecha exacta, lo antes posible']);
    expect(c.context.answers.neededBy).toMatchObject({ unsure: true, asap: true });
    expect(c.summary.request.neededBy).toBeNull();
    expect(c.summary.request.neededAsap).toBe(true);
    expect(escalations(c)).toEqual([]);
  });
});

describe('places', () => {
  it('"Vancouver", "Ontario", "estoy en Guatemala" answer where the traveler is; the city is never the words around it', () => {
    expect(atLocation('Vancouver').context.answers.whereNow).toEqual({ value: { city: 'Vancouver', country: 'CA' } });
    expect(atLocation('Ontario').context.answers.whereNow).toEqual({ value: { city: null, region: 'Ontario', country: 'CA' } });
    const gt = atLocation('estoy en Guatemala', 'es');
    expect(gt.context.answers.location).toEqual({ value: 'outside_us' });
    expect(gt.context.answers.whereNow).toEqual({ value: { city: null, country: 'GT' } });
  });

  it('"Peace Arch" is not the Peace Bridge', () => {
    const c = atLocation("we're at the Peace Arch right now");
    expect(c.context.answers.port).toEqual({ value: 'peace_arch' });
    expect(escalations(c)).toContain('at_border');
  });
});

describe('who is writing', () => {
  it('"I\'m his wife" answers the relationship too: it is not asked next', () => {
    const c = converse(['English', 'yes', 'no', 'outside the US', "I'm his wife"]);
    expect(c.context.answers.relationship).toEqual({ value: 'wife' });
    expect(c.turns[c.turns.length - 1].asking).not.toBe('relationship');
  });
});

describe('answers that say more, none and unknown, values not sentences', () => {
  /** The reference intake up to the question its line `i` answers, then `answer` instead. */
  const at = (i: number, answer: string, lang: 'en' | 'es' = 'en') => converse([...REFERENCE[lang].slice(0, i), answer]);
  const last = (c: Conversation) => c.turns[c.turns.length - 1];

  it('"yes, no hospital in Canada does this procedure" is yes, the rest kept, and the next question comes', () => {
    const c = at(9, 'yes, no hospital in Canada does this procedure');
    expect(c.context.answers.unavailableAtHome).toEqual({ value: 'yes', details: 'no hospital in Canada does this procedure' });
    expect(last(c).asking).toBe('payer');
  });

  it('"not sure, he had something when he was young" is not sure, with the words, and not asked again', () => {
    const c = at(19, 'not sure, he had something when he was young');
    expect(c.context.answers.criminal).toEqual({ unsure: true, details: 'he had something when he was young' });
    expect(last(c).asking).not.toBe('criminal');
  });

  it('"no email", "none yet", "no lo tengo" are none, never a value', () => {
    expect(at(42, 'no email').context.answers.contactEmail).toMatchObject({ none: true });
    expect(at(41, 'none yet').context.answers.documents).toMatchObject({ none: true });
    expect(at(42, 'no lo tengo', 'es').context.answers.contactEmail).toMatchObject({ none: true });
  });

  it('"death certificate" among the documents is other, in their words, never the birth or marriage certificate', () => {
    const c = at(41, 'death certificate');
    expect(c.context.answers.documents).toEqual({ value: ['other'], details: 'death certificate' });
  });

  it('"la parte demandada es Lakeshore Logistics" records the name, not the sentence', () => {
    expect(at(18, 'la parte demandada es Lakeshore Logistics', 'es').context.answers.otherParties).toEqual({ value: ['Lakeshore Logistics'] });
  });
});

describe('language', () => {
  it('"¿Podemos seguir en inglés, por favor?" switches to English at any question', () => {
    const c = converse(['Español', 'sí', '¿Podemos seguir en inglés, por favor?']);
    expect(c.context.language).toBe('en');
  });
});

describe('noise', () => {
  it('a 3,900-character flood at the notice is neither the narrative nor an answer', () => {
    const flood = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA '.repeat(126);
    expect(flood.length).toBeGreaterThan(3_900);
    const c = converse(['English', flood]);
    expect(c.context.narrative).toBeNull();
    expect(c.context.answers.consent).toBeUndefined();
    expect(c.turns[1].asking).toBe('consent');
  });
});
