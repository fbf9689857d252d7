/**
 * The reference case in each language: a Canadian father with old convictions; his young son
 * needs life-saving treatment that only a U.S. hospital offers; he will cross at the Peace Bridge
 * and needs three months. Written the way people type, not the way the menus are numbered.
 */
export const REFERENCE = {
  en: [
    'Hello', 'yes', 'no', 'outside the US', 'I am the traveler', 'medical', 'my son',
    'He has leukemia and needs a bone marrow transplant',
    'Roswell Park Cancer Center, Buffalo', 'yes', 'Our provincial insurance and family savings',
    'December 10', 'three months', 'Marc Tremblay', 'no', 'Canadian', 'Fort Erie, Ontario', 'Peace Bridge', 'none',
    'yes', '2004', 'Hamilton, Ontario', 'theft under $5000', 'convicted', 'one year probation',
    'yes', 'March 2009', 'Toronto', 'assault', '1', '30 days in jail', 'no',
    'no', 'no', 'no', 'no', 'no', 'no', 'yes', 'Refused at the Peace Bridge in 2015, they gave me a paper', 'no',
    'passport, doctor letter, police check', 'marc@example.com', 'evenings', 'OK',
  ],
  fr: [
    'Bonjour', 'oui', 'non', 'au Canada', "c'est moi qui voyage", 'soins médicaux', 'mon fils',
    "Il a une leucémie et a besoin d'une greffe de moelle osseuse",
    'Roswell Park, Buffalo', 'oui', 'La RAMQ et nos économies',
    'le 10 décembre', 'trois mois', 'Marc Tremblay', 'non', 'canadien', 'Fort Erie, Ontario', 'pont de la Paix', 'aucun',
    'oui', '2004', 'Hamilton, Ontario', 'vol de moins de 5000 $', 'condamné', 'un an de probation',
    'oui', 'mars 2009', 'Toronto', 'voies de fait', '1', '30 jours de prison', 'non',
    'non', 'non', 'non', 'non', 'non', 'non', 'oui', "Refusé au pont de la Paix en 2015, on m'a donné un papier", 'non',
    'passeport, lettre du médecin, vérification policière', 'marc@example.com', 'le soir', 'OK',
  ],
  es: [
    'Hola', 'sí', 'no', 'fuera de Estados Unidos', 'yo soy el viajero', 'tratamiento médico', 'mi hijo',
    'Tiene leucemia y necesita un trasplante de médula ósea',
    'Roswell Park, Buffalo', 'sí', 'El seguro provincial y nuestros ahorros',
    'el 10 de diciembre', 'tres meses', 'Marc Tremblay', 'no', 'canadiense', 'Fort Erie, Ontario', 'Peace Bridge', 'ninguno',
    'sí', '2004', 'Hamilton, Ontario', 'robo menor de 5000 dólares', 'condenado', 'un año de libertad condicional',
    'sí', 'marzo de 2009', 'Toronto', 'agresión', '1', '30 días de cárcel', 'no',
    'no', 'no', 'no', 'no', 'no', 'no', 'sí', 'Me rechazaron en el Peace Bridge en 2015, me dieron un papel', 'no',
    'pasaporte, carta del médico, certificado de antecedentes', 'marc@example.com', 'por la tarde', 'OK',
  ],
};

/** The day needed, as each language's reference script writes it. */
const REFERENCE_DAY = { en: 'December 10', fr: 'le 10 décembre', es: 'el 10 de diciembre' } as const;
/** How far ahead the day needed is put for a server on the real clock: well past the 72-hour page. */
const DAYS_AHEAD = 60;

/**
 * The reference case for a server that runs on the real clock. "December 10" is within 72 hours
 * from December 7 to 10 each year and would then page the on-call attorney, which these cases do
 * not; so the day needed is a day two months from now, written the same way.
 */
export function referenceOnTheClock(lang: keyof typeof REFERENCE, now = new Date()): string[] {
  const day = new Date(now.getTime() + DAYS_AHEAD * 86_400_000);
  const month = day.toLocaleString(lang, { month: 'long', timeZone: 'UTC' });
  const d = day.getUTCDate();
  const said = { en: `${month} ${d}`, fr: `le ${d} ${month}`, es: `el ${d} de ${month}` }[lang];
  return REFERENCE[lang].map((line) => (line === REFERENCE_DAY[lang] ? said : line));
}
