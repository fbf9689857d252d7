/**
 * Places, ports and citizenship as families write them (issue 13, items 3, 4 and 5): a city, a
 * province or a country answers where the traveler is, in the present tense; the port a family
 * names is that port (or kept as written), never the nearest one we know; a country named for a
 * residence or a birth is not a citizenship. Phrasings of our own, not the corpus's.
 */
import type { Answers, Lang } from '../dialogs/context';
import { PORTS } from '../dialogs/questions';
import { formatAnswer } from '../src/i18n/display';
import { Catalog } from '../src/i18n/catalog';
import { parseCountries, readCitizenship } from '../src/nlu/countries';
import { REGIONS, citiesNamed, hasCities, loadCities, regionNamed } from '../src/nlu/geo';
import { readLocation } from '../src/nlu/location';
import { parsePlace, readPlace } from '../src/nlu/place';
import { PORT_LIST, portById, portNamed } from '../src/nlu/portData';
import { readPort } from '../src/nlu/ports';
import { converse } from './support/converse';

const place = (text: string, lang: Lang = 'en', known?: string) => readPlace(text, lang, 2026, known);
const port = (text: string, lang: Lang = 'en') => {
  const r = readPort(text, lang);
  return r.undecided ? 'undecided' : (r.port?.id ?? (r.asWritten !== null ? `as written: ${r.asWritten}` : null));
};
const location = (text: string, lang: Lang = 'en') => readLocation(text, lang, 2026);

describe('the place a family names, not the words around it', () => {
  it.each([
    ['ahorita estoy en Tegucigalpa', 'es', { city: 'Tegucigalpa', country: 'HN' }],
    ["she's staying in Laval for now", 'en', { city: 'Laval', country: 'CA' }],
    ['il est à Gatineau chez sa soeur', 'fr', { city: 'Gatineau', country: 'CA' }],
    ['estamos en Guatemala', 'es', { city: null, country: 'GT' }],
    ['en la Ciudad de México', 'es', { city: 'Ciudad de México', country: 'MX' }],
    ['ciudad de guatemala', 'es', { city: 'ciudad de guatemala', country: 'GT' }],
    ['Nueva York', 'es', { city: 'Nueva York', country: 'US' }],
    ['à La Havane', 'fr', { city: 'La Havane', country: 'CU' }],
    ['Saint-Domingue', 'fr', { city: 'Saint-Domingue', country: 'DO' }],
    ['Petion Ville', 'fr', { city: 'Petion Ville', country: 'HT' }],
    ['aux Cayes', 'fr', { city: 'Cayes', country: 'HT' }],
    ['TROIS-RIVIERES', 'fr', { city: 'TROIS-RIVIERES', country: 'CA' }],
    ['st-jean-sur-richelieu', 'fr', { city: 'st-jean-sur-richelieu', country: 'CA' }],
    ['en Oshawa-Whitby', 'es', { city: 'Oshawa-Whitby', country: 'CA' }],
  ] as const)('%s (%s) -> %j', (text, lang, expected) => {
    expect(place(text, lang).place).toEqual(expected);
  });

  it.each([
    ['Kingston, ON', { city: 'Kingston', region: 'Ontario', country: 'CA' }],
    ['Paris, Texas', { city: 'Paris', region: 'Texas', country: 'US' }],
    ['ottawa on', { city: 'ottawa', country: 'CA', region: 'Ontario' }], // "on" is a word, but after a city of Ontario it is Ontario
    ['Ottawa ON', { city: 'Ottawa', region: 'Ontario', country: 'CA' }],
    ['Hermosillo, Sonora', { city: 'Hermosillo', region: 'Sonora', country: 'MX' }],
    ['au Nouveau-Brunswick', { city: null, region: 'New Brunswick', country: 'CA' }],
    ['en Colombie-Britannique', { city: null, region: 'British Columbia', country: 'CA' }],
    ['somewhere in Alberta', { city: null, region: 'Alberta', country: 'CA' }],
  ] as const)('a province or state: %s -> %j', (text, expected) => {
    expect(place(text, /[éè]|au |en /.test(text) ? 'fr' : 'en').place).toEqual(expected);
  });

  it('a province in small letters after a city of it, even one that is a word ("halifax ns", "cornwall on")', () => {
    expect(parsePlace('halifax ns', 'en')).toEqual({ city: 'halifax', country: 'CA', region: 'Nova Scotia' });
    expect(parsePlace('cornwall on', 'en')).toEqual({ city: 'cornwall', country: 'CA', region: 'Ontario' });
    // Not when the city's best-known namesake is elsewhere: "paris on" is no Paris, Ontario.
    expect(parsePlace('paris on', 'en')).toEqual({ city: 'paris', country: 'FR' });
  });

  it('a name that is both a city and its province is settled by the words before it', () => {
    expect(place('à Québec', 'fr').place).toEqual({ city: 'Québec', country: 'CA' });
    expect(place('au Québec', 'fr').place).toEqual({ city: null, region: 'Quebec', country: 'CA' });
    expect(place('Québec', 'fr').place).toEqual({ city: 'Québec', country: 'CA' });
    // "in Quebec": the city or the province? Asked again.
    expect(place('in Quebec', 'en')).toMatchObject({ place: null, ambiguous: true });
    // A city that is its state's largest is the city ("in New York").
    expect(place('in New York', 'en').place).toEqual({ city: 'New York', country: 'US' });
    // A region after a city is the region.
    expect(place('Lévis, Québec', 'fr').place).toEqual({ city: 'Lévis', region: 'Quebec', country: 'CA' });
  });

  it('keeps the country unknown when two countries have a well-known city of that name, unless the country is known', () => {
    expect(place('London').place).toEqual({ city: 'London', country: null });
    expect(place('London', 'en', 'CA').place).toEqual({ city: 'London', country: 'CA' });
    expect(place('London, England').place).toEqual({ city: 'London', country: 'GB' });
  });

  it('asks again for a name a letter away from a much larger city in another country (Bogata / Bogotá)', () => {
    expect(citiesNamed(['bogata'])[0]).toMatchObject({ country: 'RO' });
    expect(place('Bogata', 'es')).toMatchObject({ place: null, ambiguous: true });
  });

  it('a landmark is not the place, and what else is said is kept as details', () => {
    expect(place('a village near Trois-Rivières, Quebec')).toMatchObject({
      place: { city: null, region: 'Quebec', country: 'CA' },
      details: 'a village near Trois-Rivières',
    });
    expect(place("Ottawa, at a friend's place")).toMatchObject({ place: { city: 'Ottawa', country: 'CA' }, details: "at a friend's place" });
    // Where they are now, not where they live.
    expect(place('está en Cuernavaca con su tía pero vive en Toronto', 'es')).toMatchObject({ place: { city: 'Cuernavaca', country: 'MX' } });
    // Mérida is in Mexico, Venezuela and Spain, each a capital: no country.
    expect(place('en Mérida', 'es').place).toEqual({ city: 'Mérida', country: null });
  });

  it('names no place: words of a sentence, a link, a keyboard mash', () => {
    for (const text of ['en el hospital', 'at the hospital', 'https://maps.example.com/place/123', 'asdfgh', 'he is 17', 'il a 20 ans', 'next Tuesday']) {
      expect(parsePlace(text, 'en')).toBeNull();
    }
    // A common word that is a town somewhere (Home, Washington; Ans, Belgium) is not one here.
    expect(parsePlace('at home', 'en')).toBeNull();
  });

  it('keeps a capitalised name the data does not know, as written, with no country', () => {
    expect(parsePlace('Pointe-aux-Loups', 'fr')).toEqual({ city: 'Pointe-aux-Loups', country: null });
    // Not the town of its first word somewhere else (Niagara, Wisconsin).
    expect(parsePlace('Niagara-on-the-Lake', 'en')).toEqual({ city: 'Niagara-on-the-Lake', country: null });
  });

  it('every province and state of the regions file has cities under its code, and its names find it', () => {
    loadCities();
    for (const r of REGIONS) {
      expect({ id: r.id, hasCities: hasCities(r), named: regionNamed(r.name)?.id }).toEqual({ id: r.id, hasCities: true, named: r.id });
    }
    expect(REGIONS.filter((r) => r.country === 'CA')).toHaveLength(13);
    expect(REGIONS.filter((r) => r.country === 'US' && r.id !== 'US-DC')).toHaveLength(50);
  });
});

describe('no city from the words around a place', () => {
  it('fillers, people and words pointing back are never a city', () => {
    expect(place('well hes in Lima right now')).toMatchObject({ place: { city: 'Lima', country: 'PE' } });
    expect(place('Honduras, con su papa', 'es')).toMatchObject({ place: { city: null, country: 'HN' } });
    expect(place('umm Regina')).toMatchObject({ place: { city: 'Regina', country: 'CA' } });
    expect(parsePlace('the same place', 'en')).toBeNull();
  });

  it("what is said in the place's own clause is kept as details, not words of place or time", () => {
    expect(place('right now shes in Guelph at her aunts house')).toMatchObject({ place: { city: 'Guelph', country: 'CA' }, details: 'at her aunts house' });
    expect(place('chez son cousin a Sherbrooke', 'fr')).toMatchObject({ place: { city: 'Sherbrooke', country: 'CA' }, details: 'chez son cousin' });
    expect(place('she is staying in Laval for now')).toMatchObject({ details: null });
  });

  it("a large city mistyped right before its province is that city, in the family's spelling", () => {
    expect(place('winipeg manitoba')).toMatchObject({ place: { city: 'winipeg', region: 'Manitoba', country: 'CA' } });
    expect(place('Edmonten, Alberta')).toMatchObject({ place: { city: 'Edmonten', region: 'Alberta', country: 'CA' } });
  });

  it('a town named after "called" is the town; a Canadian city makes a bigger namesake abroad ambiguous', () => {
    expect(place('a village called Perth in Ontario')).toMatchObject({ place: { city: 'Perth', region: 'Ontario', country: 'CA' } });
    expect(place('Kingston').place).toEqual({ city: 'Kingston', country: null });
    expect(place('Vancouver').place).toEqual({ city: 'Vancouver', country: 'CA' });
  });
});

describe('where the traveler is now (present tense)', () => {
  it.each([
    ["he's at the Ambassador Bridge right now", 'en', 'at_border', 'ambassador_bridge'],
    ['in secondary at the Blue Water Bridge', 'en', 'at_border', 'blue_water_bridge'],
    ['il est au pont Ambassador présentement', 'fr', 'at_border', 'ambassador_bridge'],
    ['está en la garita de Nogales ahorita', 'es', 'at_border', 'nogales'],
    ["he's in line at the border", 'en', 'at_border', undefined],
  ] as const)('at the border now: %s', (text, lang, value, portId) => {
    const r = location(text, lang);
    expect(r?.value).toBe(value);
    expect(r?.port).toBe(portId);
  });

  it.each([
    ['he was turned away at Lacolle in 2016, he lives in Laval', 'en', { city: 'Laval', country: 'CA' }],
    ['à la frontière, mais c’était en 2018; maintenant il est à Longueuil', 'fr', { city: 'Longueuil', country: 'CA' }],
    ['lo regresaron de la garita la semana pasada, ahora está en Tijuana', 'es', { city: 'Tijuana', country: 'MX' }],
  ] as const)('at the border before is not now: %s', (text, lang, where) => {
    expect(location(text, lang)).toMatchObject({ value: 'outside_us', whereNow: where });
  });

  it('on the way to the border is still outside', () => {
    // Still outside; the crossing they head for is the port they will use.
    expect(location('on our way to the Peace Arch, there in an hour')).toEqual({ value: 'outside_us', port: 'peace_arch' });
    expect(location('va para la frontera', 'es')).toEqual({ value: 'outside_us' });
  });

  it.each([
    ['ICE picked him up last night in Rochester', 'en', { whereNow: { city: 'Rochester', country: 'US' } }],
    ["ils l'ont gardé à la douane de Lacolle", 'fr', { port: 'champlain' }],
    ['lo tienen detenido en El Paso', 'es', { port: 'el_paso' }],
    ["he's in jail in Toronto", 'en', { whereNow: { city: 'Toronto', country: 'CA' } }],
  ] as const)('held now: %s', (text, lang, also) => {
    expect(location(text, lang)).toMatchObject({ value: 'detained', ...also });
  });

  it('released, or held long ago, is not held now', () => {
    expect(location("they released him, he's home in Sarnia")).toMatchObject({ value: 'outside_us', whereNow: { city: 'Sarnia', country: 'CA' } });
    expect(location('lo detuvieron hace años pero ya está en su casa en Puebla', 'es')).toMatchObject({ value: 'outside_us' });
  });

  it.each([
    ['está en Houston', 'es', 'in_us'],
    ["we crossed already, we're in Plattsburgh", 'en', 'in_us'],
    ['il est chez nous à Sherbrooke', 'fr', 'outside_us'],
    ['she lives in Jacmel', 'en', 'outside_us'],
    ['fuera de Estados Unidos', 'es', 'outside_us'],
    ["à l'extérieur des États-Unis", 'fr', 'outside_us'],
  ] as const)('a place: %s -> %s', (text, lang, value) => {
    expect(location(text, lang)?.value).toBe(value);
  });

  it("a country or a name in passing is no place: a person named Jordan or Georgia, a relative's city", () => {
    expect(location('my brother Jordan is home')).toBeNull();
    expect(location("he's with Georgia, his wife, at the hospital")).toEqual({ value: null });
    // The writer is someone's daughter: where she lives is not where the traveler is.
    expect(location("I'm his daughter, I live in Buffalo")).toEqual({ value: null });
    // The writer alone may be the traveler.
    expect(location("I'm in Toronto")).toMatchObject({ value: 'outside_us', whereNow: { city: 'Toronto', country: 'CA' } });
  });

  it('leaves unsettled what the words do not settle', () => {
    // Lives in Canada, goes to the U.S. every day: where is he now?
    expect(location('he lives in Oakville but drives to Rochester every day')).toEqual({ value: null });
    // The writer's place, with someone else: the traveler may be either.
    expect(location("I'm in Syracuse with my dad")).toEqual({ value: null });
    // No place, border or detention at all: left to the choices.
    expect(location('no idea honestly')).toBeNull();
  });
});

describe('the port a family names', () => {
  it('the Peace Arch is not the Peace Bridge', () => {
    expect(port('Peace Arch')).toBe('peace_arch');
    expect(port('el Arco de la Paz', 'es')).toBe('peace_arch');
    expect(port('le pont de la Paix', 'fr')).toBe('peace_bridge');
    expect(port('pease arch')).toBe('peace_arch');
  });

  it.each([
    ['via Coutts', 'sweetgrass'],
    ['through Stanstead', 'derby_line'],
    ['ambasador bridge', 'ambassador_bridge'],
    ['Windsor, by the tunnel', 'detroit_windsor_tunnel'],
    ['Douglas, Arizona', 'douglas_az'],
    ['Douglas BC', 'peace_arch'],
    ['por Piedras Negras', 'eagle_pass'],
    ['Gordie Howe', 'gordie_howe'],
  ])('%s -> %s', (text, id) => {
    expect(port(text)).toBe(id);
  });

  it('a town shared by several ports is kept as written, not forced to one', () => {
    expect(port('Windsor')).toBe('as written: Windsor');
    expect(port('Douglas')).toBe('as written: Douglas');
    expect(port('Blaine, WA')).toBe('as written: Blaine, WA');
  });

  it('by air: the airport named, the preclearance airport first, never a default', () => {
    expect(port('flying into Newark')).toBe('ewr');
    expect(port("YUL, puis l'avion pour Orlando", 'fr')).toBe('yul');
    expect(port('vuela de Calgary a Denver', 'es')).toBe('yyc');
    expect(port('on a plane to Chicago')).toBe('as written: on a plane to Chicago'); // O'Hare or Midway
    expect(port('by plane')).toBe('as written: by plane');
    expect(port('avión', 'es')).not.toBe('buffalo_airport');
  });

  it('a crossing we do not know is kept as written; generic words and noise are asked again', () => {
    expect(port('the crossing at Saint-Pamphile')).toBe('as written: the crossing at Saint-Pamphile');
    for (const text of ['the bridge', 'le pont', 'el puente', 'qwerty', '🚗🚗']) expect(port(text)).toBeNull();
  });

  it('not decided yet', () => {
    expect(port('maybe Lewiston')).toBe('undecided');
    expect(port('todavía no sabemos', 'es')).toBe('undecided');
  });

  it('in a sentence, a word a letter away from a port name is not that port ("person" is not Pearson)', () => {
    expect(readPort('I would like to talk to a person about this', 'en').port).toBeNull();
    expect(readLocation('I would like to talk to a person about this', 'en', 2026)).toBeNull();
  });

  it('the ports file: unique ids, the five options with their summary names, and names that find their port', () => {
    const ids = PORT_LIST.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [id, summary] of Object.entries(PORTS)) expect(portById(id)?.summary).toBe(summary);
    for (const p of PORT_LIST) {
      expect(p.name && p.summary && p.kind).toBeTruthy();
      expect(portNamed(p.name)?.id ?? portNamed(p.summary)?.id).toBe(p.id);
      if (p.kind !== 'airport') {
        expect(regionNamed(p.us!.state)?.country).toBe('US');
        expect(REGIONS.some((r) => r.id === `${p.border}-${p.other!.region}`)).toBe(true);
      }
    }
    expect(portNamed('Lacolle')?.id).toBe('champlain');
  });
});

describe('citizenship', () => {
  it.each([
    ['canadien-haïtien', 'fr', ['CA', 'HT']],
    ['es guatemalteco y también canadiense', 'es', ['GT', 'CA']],
    ['catracha', 'es', ['HN']],
    ['kanadian', 'en', ['CA']],
    ['QUEBECOISE', 'fr', ['CA']],
    ['Guyanese and British', 'en', ['GY', 'GB']],
    ['Canadian, with a US work permit', 'en', ['CA']],
    ['résidente permanente au Canada, citoyenne haïtienne', 'fr', ['HT']],
    ['born in Jamaica, Canadian citizen', 'en', ['CA']],
    ['tiene residencia en México pero es salvadoreño', 'es', ['SV']],
  ] as const)('%s -> %j', (text, lang, codes) => {
    expect(parseCountries(text, lang)).toEqual(codes);
  });

  it('keeps what else was said as details', () => {
    expect(readCitizenship('Canadian, with a US work permit that expires in May', 'en')).toEqual({
      codes: ['CA'],
      details: 'with a US work permit that expires in May',
    });
    expect(readCitizenship('haïtienne mais elle est née au Chili', 'fr')).toEqual({ codes: ['HT'], details: 'mais elle est née au Chili' });
    expect(readCitizenship('mexicano', 'es')).toEqual({ codes: ['MX'], details: null });
  });

  it('"X born" is a birthplace, not a citizenship', () => {
    expect(readCitizenship('haitian born, US citizen since 2010', 'en')).toMatchObject({ codes: ['US'] });
  });

  it('a birthplace, a residence or a status alone is no citizenship', () => {
    expect(parseCountries('nacido en Honduras', 'es')).toBeNull();
    expect(parseCountries('permanent resident of Canada', 'en')).toBeNull();
    expect(parseCountries('First Nations, from Akwesasne', 'en')).toBeNull();
  });
});

describe('one answer settles the place questions it answers (through the conversation)', () => {
  // Language, notice, danger: then the location question.
  const atLocation = (answer: string, lang: Lang = 'en') =>
    converse([{ en: 'English', fr: 'Français', es: 'Español' }[lang], { en: 'yes', fr: 'oui', es: 'sí' }[lang], 'no', answer]);
  const answers = (c: ReturnType<typeof converse>): Answers => c.context.answers;

  it('a city at the location question answers where, and the city is not asked again', () => {
    const c = atLocation('ahorita está en Tegucigalpa', 'es');
    expect(answers(c).location).toEqual({ value: 'outside_us' });
    expect(answers(c).whereNow).toEqual({ value: { city: 'Tegucigalpa', country: 'HN' } });
    const rest = converse([
      'Español',
      'sí',
      'no',
      'ahorita está en Tegucigalpa',
      'soy yo el viajero',
      'médico',
      'yo',
      'cáncer',
      'Jackson Memorial, Miami',
      'sí',
      'mi familia',
      'el 20 de diciembre',
      'un mes',
      'Ana López',
      'no',
      'hondureña',
    ]);
    // After the citizenship comes the port: where was not asked again.
    expect(rest.turns[rest.turns.length - 1].asking).toBe('port');
  });

  it('a country alone records the country and still asks the city', () => {
    const c = converse([
      'English',
      'yes',
      'no',
      'still in Jamaica',
      'me',
      'medical',
      'me',
      'a heart valve',
      'Mount Sinai, Miami',
      'yes',
      'savings',
      'December 20',
      '2 weeks',
      'Paul Brown',
      'no',
      'Jamaican',
    ]);
    expect(c.context.answers.whereNow).toEqual({ value: { city: null, country: 'JM' } });
    expect(c.turns[c.turns.length - 1].asking).toBe('whereNow');
  });

  it('the citizenship answer keeps the rest for the attorney; "not sure" first is not sure', () => {
    const upTo = [
      'English',
      'yes',
      'no',
      'still in Jamaica',
      'me',
      'medical',
      'me',
      'a heart valve',
      'Mount Sinai, Miami',
      'yes',
      'savings',
      'December 20',
      '2 weeks',
      'Paul Brown',
      'no',
    ];
    const kept = converse([...upTo, 'Jamaican, his Canadian work permit ran out in March']);
    expect(kept.context.answers.citizenship).toEqual({ value: ['JM'], details: 'his Canadian work permit ran out in March' });
    const unsure = converse([...upTo, "dunno, he's got a Jamaican passport I think"]);
    expect(unsure.context.answers.citizenship).toEqual({ unsure: true, details: "he's got a Jamaican passport I think" });
  });

  it('stateless in words is no citizenship, recorded; "skip" is not an answer to it', () => {
    const upTo = [
      'English',
      'yes',
      'no',
      'still in Jamaica',
      'me',
      'medical',
      'me',
      'a heart valve',
      'Mount Sinai, Miami',
      'yes',
      'savings',
      'December 20',
      '2 weeks',
      'Paul Brown',
      'no',
    ];
    const stateless = converse([...upTo, 'he is stateless, no nationality at all']);
    expect(stateless.context.answers.citizenship).toMatchObject({ none: true });
    expect(stateless.turns[stateless.turns.length - 1].asking).toBe('whereNow');
    const skipped = converse([...upTo, 'skip']);
    expect(skipped.context.answers.citizenship).toBeUndefined();
    expect(skipped.turns[skipped.turns.length - 1].asking).toBe('citizenship');
  });

  it('at the Peace Arch right now: at the border, the port, and the page goes at once on SMS', () => {
    const c = atLocation("we're at the Peace Arch right now");
    expect(answers(c).location).toEqual({ value: 'at_border' });
    expect(answers(c).port).toEqual({ value: 'peace_arch' });
    expect(c.effects.some((e) => e.type === 'escalate' && e.reasons.includes('at_border'))).toBe(true);
  });

  it('"not sure" first is not sure, the place kept in their words; a hedge still says where', () => {
    const c = atLocation('pas certaine, peut-être encore à Ottawa', 'fr');
    expect(answers(c).location).toEqual({ unsure: true, details: 'peut-être encore à Ottawa' });
    const hedged = atLocation("I think he's still in Toronto");
    expect(answers(hedged).location).toMatchObject({ value: 'outside_us' });
  });

  it('at the border in doubt ("maybe", "puede que") is not sure, kept in their words, and pages no one', () => {
    for (const [text, lang] of [
      ['maybe at the border, he didnt say', 'en'],
      ['she might be in line at the Rainbow Bridge', 'en'],
      ['puede que ya esté en la garita', 'es'],
      ['il est peut-être rendu à la frontière', 'fr'],
    ] as const) {
      const c = atLocation(text, lang);
      expect(answers(c).location).toEqual({ unsure: true, details: text });
      expect(c.effects.some((e) => e.type === 'escalate')).toBe(false);
    }
    // Left for the border is on the way there: still outside.
    expect(answers(atLocation('he left for the border an hour ago')).location).toEqual({ value: 'outside_us' });
  });

  it('refused at the border years ago, in Montréal now: not at the border, no page', () => {
    const c = atLocation('he was refused at the border in 2014, he is in Montréal');
    // The refusal is no place: it is kept, in their words, for the attorney.
    expect(answers(c).location).toEqual({ value: 'outside_us', details: 'he was refused at the border in 2014' });
    expect(answers(c).whereNow).toEqual({ value: { city: 'Montréal', country: 'CA' } });
    expect(c.effects.some((e) => e.type === 'escalate')).toBe(false);
  });

  it('a port from the file is stored by its id and shown by its name in the summary and the review', () => {
    const lines = [
      'English',
      'yes',
      'no',
      'outside the US',
      'me',
      'medical',
      'me',
      'a heart valve',
      'Mount Sinai, Miami',
      'yes',
      'savings',
      'December 20',
      '2 weeks',
      'Paul Brown',
      'no',
      'Canadian',
      'Surrey, BC',
      'Peace Arch',
    ];
    const c = converse(lines);
    expect(c.context.answers.port).toEqual({ value: 'peace_arch' });
    expect(c.summary.traveler.intendedPort).toBe('Peace Arch (Blaine, WA)');
    expect(c.summary.traveler.city).toBe('Surrey');
    expect(formatAnswer(new Catalog(), 'fr', 'port', c.context.answers.port)).toBe('Peace Arch (Blaine, WA)');
  });

  it('what an answer also says never replaces an answer already given', () => {
    // The location was given as outside the U.S.; a port answer that says "at the border" does not change it.
    const c = converse([
      'English',
      'yes',
      'no',
      'outside the US',
      'me',
      'medical',
      'me',
      'a heart valve',
      'Mount Sinai, Miami',
      'yes',
      'savings',
      'December 20',
      '2 weeks',
      'Paul Brown',
      'no',
      'Canadian',
      'Surrey, BC',
      "we're in line at the Peace Arch",
    ]);
    expect(c.context.answers.port).toEqual({ value: 'peace_arch' });
    expect(c.context.answers.location).toEqual({ value: 'outside_us' });
  });
});

describe('not at the border, or only near it (issue 13, round 2)', () => {
  it.each([
    ['en', 'he is at home, not at the border'],
    ['es', 'no esta en la frontera, esta en Monterrey'],
    ['fr', 'il est pas à la frontière, il est à Laval'],
    ['en', 'hes at work right now in Windsor, near the Ambassador Bridge'],
  ] as const)('%s: %s', (lang, text) => {
    expect(readLocation(text, lang, 2026)?.value ?? null).not.toBe('at_border');
  });

  it('at the border now still is', () => {
    expect(readLocation('in line at the Ambassador Bridge in Windsor rn', 'en', 2026)?.value).toBe('at_border');
    expect(readLocation('no lo dejan pasar, esta en la garita ahorita', 'es', 2026)?.value).toBe('at_border');
  });
});

describe('sent back, with the person between (issue 13, round 2)', () => {
  it.each([
    ['en', 'he is at home in Kingston now, they turned him back at the Thousand Islands bridge on monday'],
    ['es', 'no lo dejaron pasar en la garita de Nogales el lunes, ahorita esta en Hermosillo'],
  ] as const)('%s: %s', (lang, text) => {
    expect(readLocation(text, lang, 2026)?.value).not.toBe('at_border');
  });
});

describe('held: the one who must travel, not someone else', () => {
  it.each([
    ['the one who needs to come is detained by ICE right now', 'en'],
    ['el que tiene que venir está detenido', 'es'],
    ['celui qui doit venir est détenu', 'fr'],
  ] as const)('"%s" is detained', (text, lang) => {
    expect(location(text, lang)).toEqual({ value: 'detained' });
  });

  it('someone else held is not the traveler held', () => {
    expect(location('the one who hit her is in jail now, he is in Toronto')?.value).toBe('outside_us');
    expect(location('el que la golpeaba está en la cárcel, él está en Tijuana', 'es')?.value).toBe('outside_us');
  });

  it('a word of travelling is no city ("come" is one in Benin)', () => {
    expect(location('he needs to come, hes detained by ICE right now')).toEqual({ value: 'detained' });
  });
});
