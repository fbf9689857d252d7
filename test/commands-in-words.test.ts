/**
 * Commands as families write them (src/nlu/human.ts, src/nlu/language-switch.ts, the stop and
 * command lists of locales/<lang>/vocab.json): asking for a person, to stop, to go back or start
 * over, for another language, in a sentence. And commands never take an answer's place: "call me
 * at 716…" is a phone number, "call me after six" the best time. Phrasings of our own.
 */
import { detectCommand, languageAsked, languageNamedLoosely, languageOfSeveral } from '../src/nlu';
import { after, converse } from './support/converse';

describe('asking for a person, in a sentence', () => {
  it.each([
    'could somebody from your office phone me',
    'I would prefer to discuss this with an attorney',
    'is there a real human I can talk to?',
    'call me back please',
    'have one of your lawyers call me tonight',
    'puedo hablar con una persona?',
    'me gustaría platicar con un abogado',
    'necesito que un licenciado me llame',
    'mejor comuníqueme con el abogado',
    "j'aimerais discuter avec un avocat",
    "est-ce qu'une personne peut m'appeler",
    "c'est trop long, je préfère en parler avec quelqu'un",
  ])('%s', (text) => {
    expect(detectCommand(text)).toEqual({ command: 'human' });
  });

  it.each([
    'my lawyer will call me tomorrow',
    "I'm his lawyer",
    "I don't need to talk to anyone, thanks",
    'the lawyer in Buffalo said to talk to you',
    'call me at 716 555 0142',
    'you can call me Rosa',
    "je m'appelle Marie Gagnon",
    'mi abogado me llama mañana',
    'no quiero hablar con nadie',
    'we need a lawyer who knows parole for my brother who is stuck in Haiti',
    // A story that mentions it is a story.
    'my husband needs to come for his mother who is very sick in Rochester, we already talked to a lawyer there last year but he could not help us',
  ])('%s is not a request for a person', (text) => {
    expect(detectCommand(text)).not.toEqual({ command: 'human' });
  });

  it('leaves "call me…" to the questions it answers', () => {
    expect(detectCommand('llámenme por la tarde', { callMeIsAnswer: true })).toBeNull();
    expect(detectCommand('call me back after six', { callMeIsAnswer: true })).toBeNull();
    // Asking to talk to someone is a request still.
    expect(detectCommand('I want to talk to a lawyer first', { callMeIsAnswer: true })).toEqual({ command: 'human' });
  });
});

describe('asking to stop, to go back, to start over, in words', () => {
  it.each([
    ['please stop texting me', 'stop'],
    ['stop sending me these', 'stop'],
    ['no me manden más mensajes por favor', 'stop'],
    ["arrêtez de m'envoyer des messages", 'stop'],
    ['leave me alone', 'stop'],
    ['oops go back', 'back'],
    ['attendez, retour', 'back'],
    ['back to the start', 'restart'],
    ['retour au début', 'restart'],
    ['empezar desde cero', 'restart'],
    ['operadora por favor', 'human'],
  ])('%s -> %s', (text, command) => {
    expect(detectCommand(text)).toEqual({ command });
  });

  it.each(['I want to stop the process', "he can't stop crying", 'stop by the office?'])('%s is not STOP', (text) => {
    expect(detectCommand(text)?.command).not.toBe('stop');
  });

  it("opts out in the conversation's language and in English; another language's word is a word of it", () => {
    expect(detectCommand('basta', { lang: 'es' })).toEqual({ command: 'stop' });
    expect(detectCommand('QUIT', { lang: 'fr' })).toEqual({ command: 'stop' });
    expect(detectCommand('fin', { lang: 'en' })).toBeNull();
    expect(detectCommand('fin', { lang: 'fr' })).toEqual({ command: 'stop' });
    // The first message, before the language is known: any language's.
    expect(detectCommand('arrêt')).toEqual({ command: 'stop' });
  });

  it.each([
    // The command, then why: a mistake, in any words after the words for it.
    ['back, i typed the wrong city', 'back'],
    ['REGRESAR me equivoqué en la fecha de antes', 'back'],
    ['revenir en arrière svp, je me suis trompée de date', 'back'],
    ['start over, wrong person sorry', 'restart'],
    ['mejor volvemos a empezar desde cero, me confundí de persona', 'restart'],
    // A command shouted at the end of a message in small letters is a clause of its own.
    ['je sais pas quoi mettre ici AIDE', 'help'],
    ['no entiendo que me pide AYUDA', 'help'],
    // The carriers' word, shouted as the last clause of a short message.
    ['i dont want to answer this anymore. STOP', 'stop'],
  ])('%s -> %s', (text, command) => {
    expect(detectCommand(text)).toEqual({ command });
  });

  it.each([
    'back pain, wrong diagnosis at first',
    'she hurt her back, the doctors were wrong',
    'he was told to STOP at the border',
    'mi mamá me dijo ALTO',
    'the officer said STOP and took his passport, he is at Lacolle now',
  ])('%s is no command', (text) => {
    expect(detectCommand(text)).toBeNull();
  });
});

describe('asking for another language, in a sentence', () => {
  it.each([
    ['can we switch to Spanish', 'es'],
    ['could you write in French please', 'fr'],
    ['¿podemos seguir en francés?', 'fr'],
    ['prefiero español', 'es'],
    ['parlez-vous espagnol?', 'es'],
    ['¿hablan inglés?', 'en'],
    ['Spanish is easier for me', 'es'],
    ['English is too hard for me. Français?', 'fr'],
    ['no hablo inglés', 'es'],
    ['je ne parle pas espagnol', 'fr'],
    ['en français svp', 'fr'],
  ])('%s -> %s', (text, language) => {
    expect(languageAsked(text)).toBe(language);
  });

  it.each([
    'the doctors only speak in English there',
    'the letter from the court is in French',
    'I have the letter from the doctor in English',
    'mi mamá solo habla español pero yo prefiero inglés',
    'he was born in French Guiana',
    'English',
  ])('%s asks for no language (or leaves it to the whole-message names)', (text) => {
    expect(languageAsked(text)).toBeNull();
  });

  it('reaches the conversation at any question', () => {
    const c = converse(['Hello', 'yes', 'no', 'could we continue in Spanish please']);
    expect(c.context.language).toBe('es');
    expect(after(c, 'could we continue in Spanish please').keys).toEqual(['q.location.prompt']);
    expect(c.context.answers.location).toBeUndefined();
  });

  it('at the language question, several languages: the one written in if any will do, else ask', () => {
    expect(languageOfSeveral('either is fine, english or spanish')).toBe('en');
    expect(languageOfSeveral('me da igual, cualquiera de los dos: español o inglés')).toBe('es');
    expect(languageOfSeveral('mi papá habla francés pero yo prefiero inglés')).toBe('unclear');
    expect(languageOfSeveral('english')).toBeNull();
    const c = converse(['my wife reads French better but I write in English'], { channel: 'webchat', greet: true });
    expect(c.context.language).toBeNull();
    expect(c.turns.at(-1)!.asking).toBe('language');
  });

  it('at the language question, a name with one typo, or a greeting, says which', () => {
    expect(languageNamedLoosely('spansh')).toBe('es');
    expect(languageNamedLoosely('englsh please')).toBe('en');
    expect(languageNamedLoosely('frnh')).toBeNull(); // two letters off: ask
    const c = converse(['buenas tardes'], { channel: 'webchat', greet: true });
    expect(c.context.language).toBe('es');
    const both = converse(['hello / hola'], { channel: 'webchat', greet: true });
    expect(both.context.language).toBeNull();
  });
});

describe('commands do not take an answer’s place', () => {
  const toContact = [
    'Hello',
    'yes',
    'no',
    'outside the US',
    'me',
    'medical',
    'me',
    'cancer',
    'Roswell Park',
    'yes',
    'me',
    'not sure',
    '2 weeks',
    'Ana Ruiz',
    'no',
    'Canada',
    'Toronto',
    'Peace Bridge',
    'none',
    ...Array(9).fill('no'),
    'none',
  ];

  it('"call me at …" at the phone question is the phone number; "call me after six" at the best time is the time', () => {
    const c = converse([...toContact, 'call me at 416 555 0175', 'no', 'call me after six'], { channel: 'webchat' });
    expect(c.context.answers.contactPhone).toEqual({ value: '+14165550175' });
    expect(c.context.answers.bestTime).toEqual({ value: 'call me after six' });
    expect(c.context.flags).not.toContain('asked_for_human');
  });

  it('"no, … can someone call me?" to the notice refuses it: nothing kept, nobody paged', () => {
    const c = converse(['Hello', "no thanks, I'd rather not write this here, can someone call me?"]);
    expect(c.context.status).toBe('declined');
    expect(c.effects).toEqual([]);
  });
});
