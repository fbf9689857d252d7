/**
 * Danger happening now (src/nlu/danger.ts): in English, French and Spanish, typed as frightened
 * people type (caps, no accents, SMS spelling), and never a danger that is over, a serious
 * illness under care, or a negated one. Phrasings of our own, not the corpus's.
 */
import { detectDanger, saysOnlyCaseIsUrgent } from '../src/nlu';
import { GappedPhrases } from '../src/nlu/patterns';
import { words } from '../src/nlu/normalize';

describe('phrases with gaps', () => {
  const index = new GappedPhrases([['took * pills', 'pills'] as const, ['no respira', 'breath'] as const]);
  const find = (text: string) => index.all(words(text)).map((m) => [m.value, m.start, m.end]);

  it('lets "*" stand for up to four words, and nothing', () => {
    expect(find('he took pills')).toEqual([['pills', 1, 3]]);
    expect(find('he took all of my pills')).toEqual([['pills', 1, 6]]);
    expect(find('he took some of the pills')).toEqual([['pills', 1, 6]]);
    expect(find('he took his car keys and then the pills')).toEqual([]);
    expect(find('MI MAMA NO RESPIRA')).toEqual([['breath', 2, 4]]);
  });
});

describe('detectDanger', () => {
  it.each([
    // A body in crisis, now.
    'my grandmother fell down the stairs and she is unconscious',
    'MY BROTHER IS CHOKING PLEASE',
    'hes having a siezure rn what do we do',
    'she cant breath',
    'her lips are turning blue',
    'my husband is having a heart attack in the parking lot',
    'my sister is in the middle of an asthma attack and the inhaler is empty',
    'my son just swallowed all my pills, what do i do',
    'he swallowed a whole box of sleeping pills',
    'my wife is having a miscarriage',
    'a man with a knife broke in',
    'there is a man with a gun in front of the house, help us',
    'my brother got shot, he is bleeding a lot',
    'my wife is bleeding heavily after the surgery',
    // Violence, now.
    'someone is shooting at the house right now',
    'there is a man with a knife outside her house right now',
    // Suicide risk, now (988).
    "i can't do this anymore i want to kill myself",
    'my daughter says she is going to kill herself',
    // French, with and without accents.
    "ma fille fait une crise d'asthme et elle arrive pas a respirer",
    'mon mari est inconscient dans la cuisine',
    'il y a un homme armé devant la maison en ce moment',
    'je veux mourir',
    'AIDEZ MOI il est tombé et il saigne',
    'MA MERE FAIT UN AVC',
    'il ne respire plus',
    // Spanish.
    'mi esposa no respira',
    'MI PAPA SE DESMAYO Y NO REACCIONA',
    'le esta dando un derrame ahorita mismo',
    'mi hija se quiere suicidar',
    'hace 10 minutos se desmayo y no responde',
    'hay unos hombres armados afuera de la casa de mi hermana',
    'AYUDA se cayó mi abuelo',
  ])('%s', (text) => {
    expect(detectDanger(text)).toBe(true);
  });

  it.each([
    // Over: a year, "last year", "when she was", a past tense.
    'my father had a stroke in March and needs rehab in Boston',
    'she was suicidal when she was a teenager but she is fine',
    'he overdosed years ago, he has been clean since',
    'mi papá tuvo un infarto hace 2 años',
    'el año pasado mi hijo tuvo convulsiones',
    'il a fait un AVC en 2021 et il a besoin de soins à Boston',
    'il a été menacé par la police là-bas quand il était jeune',
    // Ongoing illness under care, or a history: not a crisis now.
    'my mother is dying of cancer, the doctors give her weeks',
    'he is in the ICU in a coma after the accident',
    'no respira bien desde hace años por el asma, necesita la cirugía',
    "elle a des convulsions depuis qu'elle est petite",
    'my son has seizures and needs surgery at Boston Childrens',
    'she has a history of heart attacks',
    // Negated, or a risk only.
    'he is not having a seizure, he just needs his medication',
    'he is at risk of having a stroke',
    'nadie está sangrando, estamos bien',
    // Over, or under care: recovering, stopped, stable.
    'my brother got shot and is recovering in the hospital in Port-au-Prince, he needs surgery in Miami',
    'she fainted yesterday but she is fine now',
    'the bleeding stopped, she is stable',
    // Words of danger that are about something else.
    'she is having a baby in January',
    'he is having surgery on the 12th',
    'gun charge in 2012',
    'we are outside the house waiting for the taxi',
    // A threat alone, even now; a sign about something else; someone under care.
    'we are outside the house right now',
    'there are armed officers at the bridge right now',
    'the line is not moving right now',
    'la file ne bouge plus depuis une heure',
    'mi hermano no responde el teléfono ahorita',
    'se cayó la llamada ahorita',
    "he can't breathe well because of his asthma, he needs the treatment",
    'she is unconscious in the ICU since Monday',
    'está inconsciente en terapia intensiva',
    'the line at the bridge is not moving',
    'armed robbery in 2009',
    'we need help bringing my dad from Toronto',
    'ma mère est là-bas avec les enfants',
  ])('%s is not danger now', (text) => {
    expect(detectDanger(text)).toBe(false);
  });

  it('reads nothing in nothing', () => {
    expect(detectDanger('')).toBe(false);
    expect(detectDanger({ $gt: '' } as unknown as string)).toBe(false);
  });
});

describe('saysOnlyCaseIsUrgent', () => {
  it('tells "it is urgent" (the case) from a crisis', () => {
    expect(saysOnlyCaseIsUrgent("yes it's very urgent, the surgery is soon")).toBe(true);
    expect(saysOnlyCaseIsUrgent("oui c'est très urgent pour nous")).toBe(true);
    expect(saysOnlyCaseIsUrgent('sí, el caso es urgente')).toBe(true);
    expect(saysOnlyCaseIsUrgent("yes it's urgent he is not breathing")).toBe(false);
    expect(saysOnlyCaseIsUrgent('yes')).toBe(false);
  });
});
