/**
 * Values, not sentences; none and unknown; who is writing (issue 13, items 7, 8 and 3 on the
 * writer's side). Each pattern with phrasings of our own, through the interpreter, as the chart
 * receives them: the value the attorney needs, the rest of the message as details, "none" or
 * "not sure" where the words say so, and the question asked again (keeping what the message said
 * for other questions) where the words are no value.
 */
import type { Answers, IntakeContext, IntakeEvent, Lang } from '../dialogs/context';
import type { QuestionId } from '../dialogs/questions';
import { interpret } from '../src/engine/interpret';

const NOW = new Date('2026-11-28T12:00:00Z'); // Saturday, 07:00 in New York

function read(text: string, q: QuestionId, language: Lang = 'en', answers: Answers = {}): IntakeEvent {
  const ctx = { answers, incidents: [] } as unknown as IntakeContext;
  return interpret(text, q, ctx, { language, now: NOW, timeZone: 'America/New_York', choices: [] });
}

/** The event without its time, for comparing. */
function said(text: string, q: QuestionId, language: Lang = 'en', answers: Answers = {}) {
  const { at: _at, ...rest } = read(text, q, language, answers) as IntakeEvent & { at: string };
  return rest;
}

describe('none and unknown: a lack said in words is never a value', () => {
  it.each([
    ['caseNumber', 'en', "we haven't been given one yet"],
    ['caseNumber', 'fr', "on n'en a pas encore"],
    ['caseNumber', 'es', 'aún no tenemos el número'],
    ['contactEmail', 'en', "don't have an email address"],
    ['contactEmail', 'fr', "j'ai pas de courriel"],
    ['contactEmail', 'es', 'no tengo correo'],
    ['otherParties', 'es', 'ningunoooo'],
    ['otherParties', 'en', "nobody, it's only him"],
    ['incidentSentence', 'fr', 'pas eu de peine'],
  ] as const)('%s (%s) %j -> none', (q, lang, text) => {
    expect(said(text, q, lang).type).toBe('NONE');
  });

  it('"no lo tengo" is none, never the case number, and what follows is kept for the attorney', () => {
    expect(said('no lo tengo aquí, lo tiene mi hermana', 'caseNumber', 'es')).toEqual({ type: 'NONE', details: 'no lo tengo aquí, lo tiene mi hermana' });
  });

  it('a bare none word keeps only what follows it', () => {
    expect(said('aucune, il a été acquitté', 'incidentSentence', 'fr')).toEqual({ type: 'NONE', details: 'il a été acquitté' });
  });

  it('where the question cannot be skipped, "not yet" is not sure, with its words', () => {
    expect(said('no doctor lined up yet', 'provider')).toEqual({ type: 'UNSURE', details: 'no doctor lined up yet' });
  });

  it('"not sure" where the question has no "not sure" asks again', () => {
    expect(said("can't remember my email", 'contactEmail').type).toBe('UNCLEAR');
  });

  it('a number is never a lack: "no 2024-778" is the number', () => {
    expect(said('no 2024-778', 'caseNumber', 'fr')).toEqual({ type: 'ANSWER', value: '2024-778' });
  });

  it('not knowing an aspect only leaves the answer ("I can\'t remember the year, it was in Windsor")', () => {
    expect(said("I can't remember the year, it was in Windsor", 'incidentPlace')).toEqual({
      type: 'ANSWER',
      value: 'Windsor',
      details: "I can't remember the year",
    });
  });

  it('not sure, then more: not sure, the rest kept', () => {
    expect(said('no sé, ella guarda los papeles', 'court', 'es')).toEqual({ type: 'UNSURE', details: 'ella guarda los papeles' });
  });
});

describe('values, not sentences', () => {
  it.each([
    ['travelerName', 'en', 'her name is Farah Haddad', 'Farah Haddad'],
    ['travelerName', 'es', 'se llama doña Rosa Elvira Cano', 'Rosa Elvira Cano'],
    ['travelerName', 'fr', 'Mme Ginette Lapointe', 'Ginette Lapointe'],
    ['travelerName', 'fr', "c'est moi, Gaston Roy", 'Gaston Roy'],
    ['contactName', 'en', 'yes this is Nadia Benali', 'Nadia Benali'],
    ['court', 'en', "it's the family court in Rochester", 'family court in Rochester'],
    ['court', 'es', 'en la corte del condado de Erie', 'corte del condado de Erie'],
    ['provider', 'fr', "l'hôpital Mount Sinai, à New York", 'Mount Sinai, à New York'],
    ['provider', 'en', 'in Rochester, NY', 'Rochester, NY'],
    ['caseNumber', 'en', 'docket no. CV-2026-0189', 'CV-2026-0189'],
    ['caseNumber', 'fr', 'numéro de dossier 450-22-001234-268', '450-22-001234-268'],
    ['caseNumber', 'es', 'es el fam 2026 77', 'fam 2026 77'],
    ['incidentPlace', 'es', 'allá en Laredo, Texas', 'Laredo, Texas'],
    ['incidentCharge', 'fr', "euh c'était pour vol à l'étalage", "vol à l'étalage"],
    ['incidentSentence', 'en', 'he got a $500 fine', 'a $500 fine'],
    ['condition', 'en', "umm it's a brain aneurysm", 'a brain aneurysm'],
    ['condition', 'es', 'es diabetes tipo 1', 'diabetes tipo 1'],
    ['prognosis', 'en', 'umm not good at all', 'not good at all'],
    ['drugsDetails', 'en', 'so basically he smoked weed in 2012', 'he smoked weed in 2012'],
    ['bestTime', 'fr', 'en soirée svp', 'en soirée'],
  ] as const)('%s (%s) %j -> %j', (q, lang, text, value) => {
    expect(said(text, q, lang)).toMatchObject({ type: 'ANSWER', value });
  });

  it('keeps the rest of the message as details', () => {
    expect(said('Nadia Benali, intake worker at the shelter', 'contactName')).toEqual({
      type: 'ANSWER',
      value: 'Nadia Benali',
      details: 'intake worker at the shelter',
    });
    expect(said('en Laredo, Texas, cuando tenía 20', 'incidentPlace', 'es')).toEqual({ type: 'ANSWER', value: 'Laredo, Texas', details: 'cuando tenía 20' });
    expect(said("her employer's insurance, they approved it last Tuesday already", 'payer')).toEqual({
      type: 'ANSWER',
      value: "her employer's insurance",
      details: 'they approved it last Tuesday already',
    });
  });

  it('names of other parties: the names, not who they are', () => {
    expect(said('the landlord is Riverside Properties and his lawyer, Tom Price', 'otherParties')).toMatchObject({
      type: 'ANSWER',
      value: ['Riverside Properties', 'Tom Price'],
    });
    expect(said('la demandante es la señora Pilar Ortega', 'otherParties', 'es')).toMatchObject({ value: ['Pilar Ortega'] });
    expect(said('la partie adverse: Transport Beaulieu inc.', 'otherParties', 'fr')).toMatchObject({ value: ['Transport Beaulieu inc'] });
    // People described but not named: asked again.
    expect(said('his brother', 'otherParties').type).toBe('UNCLEAR');
  });

  it("an age said with the traveler's name answers whether they are a minor", () => {
    expect(said('Pedro Salas, 15 años', 'travelerName', 'es')).toEqual({
      type: 'ANSWER',
      value: 'Pedro Salas',
      details: '15 años',
      also: { isMinor: { value: 'yes' } },
    });
  });

  it('a charge that names a drug answers the drugs question too', () => {
    expect(said('it was for possession of marijuana', 'incidentCharge')).toEqual({
      type: 'ANSWER',
      value: 'possession of marijuana',
      also: { drugs: { value: 'yes' } },
    });
  });

  it('a hearing date said with the court is the date needed; a subpoena said with it answers that question', () => {
    expect(said('au palais de justice de Plattsburgh, il a reçu une assignation', 'court', 'fr')).toEqual({
      type: 'ANSWER',
      value: 'palais de justice de Plattsburgh',
      details: 'il a reçu une assignation',
      also: { subpoena: { value: 'yes' } },
    });
  });

  it('phone numbers and e-mail addresses as typed, with what is said around them', () => {
    expect(said('cell 416 555 0188, leave a voicemail', 'contactPhone')).toEqual({ type: 'ANSWER', value: '+14165550188', details: 'leave a voicemail' });
    expect(said('nueve cero cinco cinco cinco cinco cero uno nueve nueve', 'contactPhone', 'es')).toMatchObject({ value: '+19055550199' });
    expect(said('905-555-O199', 'contactPhone')).toMatchObject({ value: '+19055550199' });
    expect(said('613 555 0142 après 18 h', 'contactPhone', 'fr')).toEqual({
      type: 'ANSWER',
      value: '+16135550142',
      details: 'après 18 h',
      also: { bestTime: { value: 'après 18 h' } },
    });
    expect(said('juan punto perez arroba gmail punto com', 'contactEmail', 'es')).toMatchObject({ value: 'juan.perez@gmail.com' });
    expect(said('mine is lucie.roy@videotron.ca, my son checks it', 'contactEmail')).toEqual({
      type: 'ANSWER',
      value: 'lucie.roy@videotron.ca',
      details: 'my son checks it',
    });
  });
});

describe('quotes typed around part of a value', () => {
  it('a quote that closes inside the value keeps the one that opened it; quotes around the whole go', () => {
    expect(said('“theft” under $5000 – shoplifting', 'incidentCharge')).toEqual({ type: 'ANSWER', value: '“theft” under $5000', details: 'shoplifting' });
    expect(said('"theft" under $5000', 'incidentCharge')).toEqual({ type: 'ANSWER', value: '"theft" under $5000' });
    expect(said('“assault”', 'incidentCharge')).toEqual({ type: 'ANSWER', value: 'assault' });
  });
});

describe('what is no value is asked again, keeping what it answers', () => {
  it.each([
    ['relationship', 'en', 'zzzzzzzz'],
    ['travelerName', 'en', '😀😀'],
    ['court', 'en', 'www.courts.state.ny.us'],
    ['travelerName', 'en', 'my son'],
    ['travelerName', 'es', 'soy yo'],
    ['contactName', 'fr', 'pourquoi vous avez besoin de ça?'],
    ['drugsDetails', 'en', "I'd rather not say here"],
    ['drugsDetails', 'fr', 'non'],
    ['story', 'en', 'ok'],
    ['incidentSentence', 'en', 'in the 80s'],
    ['provider', 'en', 'on January 3rd'],
    ['caseNumber', 'en', '$2,500 bail'],
    ['caseNumber', 'en', 'A# 041-222-333'],
    ['payer', 'es', '30 mil pesos'],
    ['relation', 'es', 'tiene 92 años'],
    ['overstayDetails', 'en', "she's 16"],
    ['refusalDetails', 'en', '7000'],
    ['payer', 'en', 'ask my son, he handles the money'],
    ['relationship', 'en', "the neighbour's son"],
  ] as const)('%s (%s) %j', (q, lang, text) => {
    // Noise (mash, emoji, a bare link) is marked as such, for the short re-prompt.
    const { noise: _noise, ...event } = said(text, q, lang) as { noise?: true };
    expect(event).toEqual({ type: 'UNCLEAR' });
  });

  it('an answer to another question is kept for that question', () => {
    expect(said('4165550123', 'contactName')).toEqual({ type: 'UNCLEAR', also: { contactPhone: { value: '+14165550123' } } });
    expect(said('conduite avec facultés affaiblies', 'incidentPlace', 'fr')).toEqual({
      type: 'UNCLEAR',
      also: { incidentCharge: { value: 'conduite avec facultés affaiblies' } },
    });
    expect(said('charges were stayed', 'incidentCharge')).toEqual({ type: 'UNCLEAR', also: { incidentOutcome: { value: 'withdrawn' } } });
    expect(said('6 meses de cárcel', 'incidentCharge', 'es')).toEqual({ type: 'UNCLEAR', also: { incidentSentence: { value: '6 meses de cárcel' } } });
    expect(said('docket 25-FC-4410', 'court')).toEqual({ type: 'UNCLEAR', also: { caseNumber: { value: '25-FC-4410' } } });
    expect(said('Sloan Kettering', 'condition', 'en', { reason: { value: 'medical' } })).toEqual({
      type: 'UNCLEAR',
      also: { provider: { value: 'Sloan Kettering' } },
    });
  });
});

describe('a long message', () => {
  it('is read by its beginning at a question that wants a value, the rest kept as details', () => {
    const rest = 'we have been going back and forth with them for months about the dates and the papers. '.repeat(20);
    const r = said(`Erie County Court in Buffalo, ${rest}`, 'court') as { type: string; value: string; details: string };
    expect(r.type).toBe('ANSWER');
    expect(r.value).toBe('Erie County Court in Buffalo');
    expect(r.details).toBe(rest.trim().replace(/\.$/, ''));
  });

  it("is kept whole where the family's own words are the answer", () => {
    const story = `so ${'he has to come because his mother is very sick and nobody else can care for her. '.repeat(20)}`;
    expect(said(story, 'story')).toEqual({ type: 'ANSWER', value: story.slice(3).trim() });
  });
});

describe('who is writing', () => {
  it('a relation to the traveler is family, and answers the relationship too', () => {
    expect(said("I'm his daughter-in-law", 'role')).toEqual({ type: 'ANSWER', value: 'family', also: { relationship: { value: 'daughter-in-law' } } });
    expect(said('soy su nieta', 'role', 'es')).toEqual({ type: 'ANSWER', value: 'family', also: { relationship: { value: 'nieta' } } });
    expect(said('sa belle-soeur', 'role', 'fr')).toEqual({ type: 'ANSWER', value: 'family', also: { relationship: { value: 'belle-soeur' } } });
  });

  it('a family word misspelt by a letter, or without its silent h, is still family', () => {
    expect(said('his neice', 'role')).toMatchObject({ value: 'family', also: { relationship: { value: 'neice' } } });
    expect(said('soy su ijo', 'role', 'es')).toMatchObject({ value: 'family', also: { relationship: { value: 'ijo' } } });
  });

  it('"for my mother" does not say who writes: asked again', () => {
    expect(said("it's for my mother", 'role')).toEqual({ type: 'UNCLEAR' });
    expect(said('es para mi papá', 'role', 'es')).toEqual({ type: 'UNCLEAR' });
  });

  it('two roles at once are asked again, the relationship kept', () => {
    expect(said("I'm his cousin, and also his lawyer", 'role')).toEqual({ type: 'UNCLEAR', also: { relationship: { value: 'cousin' } } });
  });

  it('a friend of the family is a friend; a neighbour, a pastor, an employer someone else, their words kept', () => {
    expect(said('amigo de la familia', 'role', 'es')).toMatchObject({ type: 'ANSWER', value: 'friend' });
    expect(said('je suis sa voisine', 'role', 'fr')).toEqual({
      type: 'ANSWER',
      value: 'other',
      details: 'sa voisine',
      also: { relationship: { value: 'voisine' } },
    });
    expect(said('her boss', 'role')).toMatchObject({ value: 'other', details: 'her boss' });
  });

  it('someone working for an organization is the organization, their words kept', () => {
    expect(said("I'm a social worker with Journey's End, helping the family", 'role')).toMatchObject({
      type: 'ANSWER',
      value: 'organization',
      details: "a social worker with Journey's End, helping the family",
    });
    expect(said('trabajo en una parroquia que ayuda a familias', 'role', 'es')).toMatchObject({ value: 'organization' });
  });

  it('the traveler writing about their family is the traveler', () => {
    expect(said("it's me, my wife is the one in hospital", 'role')).toMatchObject({
      type: 'ANSWER',
      value: 'traveler',
      details: 'my wife is the one in hospital',
    });
  });
});

describe('the relationship and the relation', () => {
  it.each([
    ['en', "I'm her stepson", 'stepson'],
    ['es', 'soy la prima de él', 'prima'],
    ['fr', 'je suis sa nièce', 'nièce'],
    ['es', 'es mi mamá', 'mi mamá'],
  ] as const)('relationship (%s) %j -> %j', (lang, text, value) => {
    expect(said(text, 'relationship', lang)).toMatchObject({ type: 'ANSWER', value });
  });

  it('a remark after the relationship goes to the details', () => {
    expect(said('son beau-frère depuis 2010', 'relationship', 'fr')).toEqual({ type: 'ANSWER', value: 'beau-frère', details: 'depuis 2010' });
  });

  it("the relation in the traveler's own terms, as the firm records it in each language", () => {
    const traveler = { role: { value: 'traveler' } };
    const wife = { role: { value: 'family' }, relationship: { value: 'wife' } };
    expect(said('my grandmother', 'relation', 'en', traveler)).toMatchObject({ value: 'grandmother' });
    expect(said('her uncle', 'relation', 'en', wife)).toMatchObject({ value: 'uncle' });
    expect(said('sa tante', 'relation', 'fr', wife)).toMatchObject({ value: 'sa tante' });
    // In the writer's terms, not the traveler's: asked again.
    expect(said('mi tío', 'relation', 'es', wife)).toEqual({ type: 'UNCLEAR' });
    // The writer's terms, then the traveler's: those.
    expect(said('my aunt, so his aunt by marriage', 'relation', 'en', wife)).toMatchObject({ value: 'aunt by marriage' });
  });

  it('at a funeral, when the person died, said with the relation', () => {
    expect(said('his father, he passed away yesterday', 'relation', 'en', { reason: { value: 'funeral' }, role: { value: 'family' } })).toEqual({
      type: 'ANSWER',
      value: 'father',
      details: 'he passed away yesterday',
      also: { deathDate: { value: '2026-11-27' } },
    });
  });
});

describe('an answer to another question is no value of this one', () => {
  it.each([
    ['travelerName', 'en', 'tomorrow'],
    ['travelerName', 'en', 'Thursday'],
    ['contactName', 'fr', 'demain matin si possible'],
    ['travelerName', 'es', 'urgente!!'],
    ['condition', 'en', 'christmas eve'],
    ['court', 'fr', 'dans 2 semaines'],
    ['provider', 'es', 'un mes y medio'],
    ['payer', 'en', 'seven one six five five five zero one four two'],
    ['relationship', 'es', 'diego punto castillo arroba gmail punto com'],
    ['otherParties', 'en', 'Canada'],
  ] as const)('%s (%s) %j is asked again', (q, lang, text) => {
    expect(said(text, q, lang).type).toBe('UNCLEAR');
  });

  it('a name written as one is kept, though its words are words of the vocabulary', () => {
    expect(said('Jean', 'travelerName', 'fr')).toEqual({ type: 'ANSWER', value: 'Jean' });
    expect(said('Marie Paz', 'contactName', 'fr')).toEqual({ type: 'ANSWER', value: 'Marie Paz' });
    expect(said('June', 'contactName')).toEqual({ type: 'ANSWER', value: 'June' });
  });
});

describe('a possessive typed without its apostrophe (English)', () => {
  it('is the relative, the rest kept', () => {
    expect(said('his mothers funeral is Monday', 'relation')).toMatchObject({ type: 'ANSWER', value: 'mother', details: 'funeral is Monday' });
    expect(said('his brothers in the ICU', 'relation')).toMatchObject({ type: 'ANSWER', value: 'brother', details: 'in the ICU' });
  });

  it('is not read into a plural said as one', () => {
    expect(said('his brothers are sick', 'relation')).toMatchObject({ type: 'ANSWER', value: 'brothers are sick' });
  });

  it("names someone else's relative where the writer's relation is asked: asked again", () => {
    expect(said('the patients mom', 'relationship').type).toBe('UNCLEAR');
  });
});

describe('a hospital typed in small letters, then its city', () => {
  it('is the hospital and its city, not the city alone', () => {
    expect(said('johns hopkins, baltimore', 'provider')).toEqual({ type: 'ANSWER', value: 'johns hopkins, baltimore' });
    expect(said('st. jude, memphis', 'provider')).toEqual({ type: 'ANSWER', value: 'st. jude, memphis' });
  });

  it('a scene before the place is still only a scene', () => {
    expect(said('it was a long time ago, in windsor', 'incidentPlace')).toMatchObject({ type: 'ANSWER', value: 'windsor' });
  });
});

describe('none, not sure and someone else who knows, said first or last (issue 13, v9)', () => {
  it('"there wasnt any" is none; "jsais pu" is not sure, what follows kept', () => {
    expect(said('there wasnt any', 'incidentSentence')).toEqual({ type: 'NONE' });
    expect(said('jsais pu ca fait trop longtemps', 'incidentSentence', 'fr')).toEqual({ type: 'UNSURE', details: 'jsais pu ca fait trop longtemps' });
  });

  it('no citizenship, said in a word, is none, why kept; a "no" that corrects is not', () => {
    expect(said('ninguna, le quitaron la nacionalidad dominicana y Haiti no lo reconoce', 'citizenship', 'es')).toEqual({
      type: 'NONE',
      details: 'le quitaron la nacionalidad dominicana y Haiti no lo reconoce',
    });
    expect(said('no, es cubano', 'citizenship', 'es')).toMatchObject({ type: 'ANSWER', value: ['CU'] });
  });

  it('two hospitals named, then a doubt: not sure which, both kept', () => {
    expect(said('Sick Kids o el Children’s de Boston, no me acuerdo bien', 'provider', 'es')).toEqual({
      type: 'UNSURE',
      details: 'Sick Kids o el Children’s de Boston',
    });
  });

  it('a story that sends to someone else who knows is not the story', () => {
    expect(said('no se explicar bien, mi hermana es la q sabe todo', 'story', 'es')).toEqual({ type: 'UNSURE', details: 'mi hermana es la q sabe todo' });
    expect(said("je sais pas trop comment dire, c'est lui qui sait tout", 'story', 'fr')).toMatchObject({ type: 'UNSURE' });
  });
});

describe('no sentence said as a verb, and a question back without its mark', () => {
  it.each([
    ['en', 'i wasnt sentenced'],
    ['en', 'never convicted, they let me go'],
    ['fr', 'jamais condamné'],
    ['es', 'no me sentenciaron, me soltaron'],
    ['es', 'no hubo condena'],
  ] as const)('%s %j at the sentence: none, the words kept', (lang, text) => {
    expect(said(text, 'incidentSentence', lang)).toEqual({ type: 'NONE', details: text });
  });

  it('a sentence named after "no sentence" is that sentence; "not yet" is a case still open', () => {
    expect(said('no sentence, just a fine', 'incidentSentence')).toMatchObject({ type: 'ANSWER' });
    expect(said('pas condamné encore', 'incidentSentence', 'fr')).toEqual({ type: 'UNCLEAR', also: { incidentOutcome: { value: 'pending' } } });
  });

  it.each([
    ['en', 'what is that'],
    ['fr', 'c quoi ca'],
    ['es', 'q es eso'],
  ] as const)('%s %j: a question back, asked again', (lang, text) => {
    expect(said(text, 'incidentSentence', lang)).toEqual({ type: 'UNCLEAR' });
  });
});

describe('not remembering, typed without apostrophes', () => {
  it.each(['je men souviens plus', 'jme rappelle plus', 'jmen souviens pas'])('%j is not sure', (text) => {
    expect(said(text, 'incidentDate', 'fr')).toEqual({ type: 'UNSURE' });
  });
});

describe('forgetting said of someone else, more doubt after a doubt, and the day the news came (issue 13, v10)', () => {
  it('"he doesnt remember" is not sure, why kept', () => {
    expect(said('she doesnt remember, it was a long time ago', 'incidentCharge')).toEqual({ type: 'UNSURE', details: 'it was a long time ago' });
    expect(said('no se acuerda, fue hace mucho', 'incidentCharge', 'es')).toMatchObject({ type: 'UNSURE' });
  });

  it('not sure how many times, then that he never told: not sure, all of it kept', () => {
    expect(said('no sé cuántas veces, nunca me dijo bien', 'removalDetails', 'es')).toEqual({
      type: 'UNSURE',
      details: 'no sé cuántas veces, nunca me dijo bien',
    });
  });

  it('not sure of the day, and the day the news came, is not sure', () => {
    expect(said('not sure which day, my aunt told me yesterday', 'deathDate')).toMatchObject({ type: 'UNSURE' });
    expect(said('he died yesterday, my aunt told me today', 'deathDate')).toMatchObject({ type: 'ANSWER', value: '2026-11-27' });
  });
});
