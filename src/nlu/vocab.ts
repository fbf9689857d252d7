/**
 * The words users may type, per language, loaded from locales/<lang>/vocab.json.
 *
 * The files are read once when this module loads (by lexicon.ts, not bundled by tsc as imports),
 * so a paralegal's edit is picked up at the next restart without a rebuild. They are validated with zod at load:
 * a typo in a question id, an option value or a country code stops the process at startup with a
 * message naming the file and the key, instead of silently never matching in a conversation.
 */
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../dialogs/context';
import { QUESTIONS } from '../../dialogs/questions';
import { isCountryCode } from './countryNames';
import { localesDir, vocabularyFile, vocabularyJson } from './lexicon';

const Phrases = z.array(z.string().trim().min(1));
const PhraseMap = z.record(z.string(), Phrases);
const NumberMap = z.record(z.string(), z.number().int().min(0));
const CountryPhrases = z.record(z.string().regex(/^[A-Z]{2}$/), Phrases);

const DayOffsets = z.record(z.string(), z.number().int().min(-7).max(7));
const MonthDay = z.string().regex(/^(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'a month and day, MM-DD');

/** locales/<lang>/vocab.json `time`: read by src/nlu/when.ts (dates, durations, what is not one). */
const TimeSchema = z
  .object({
    /** A day named relative to today ("tomorrow" 1, "antier" -2), in days. */
    days: DayOffsets,
    /** A part of the day, said with a day ("en la mañana" is not "mañana", tomorrow). */
    partOfDay: Phrases,
    /** Weekday names by ISO number "1" (Monday) .. "7". */
    weekdays: PhraseMap,
    /** Next to a weekday: the one before today ("last Sunday", "dimanche dernier"). */
    last: Phrases,
    /** Next to a weekday: the one to come ("next Wednesday", "el viernes que viene"). */
    next: Phrases,
    /** A week, month or year around today: "last week" "week:-1", "cette année" "year:0". */
    periods: z.record(z.string(), z.string().regex(/^(?:week|month|year):-?[0-9]$/, 'a period, e.g. "week:-1"')),
    /** Words before a decade ("the 90s", "los 90", "les années 80"): a decade is not a year. */
    decadeBefore: Phrases,
    /** Words that make the number after them an age ("when he was 19", "tiene 72"). */
    ageBefore: Phrases,
    /** Words that make the number before them an age ("17 years old"). */
    ageAfter: Phrases,
    /** Money next to a number ("5000 dollars"): an amount is never a date or a stay. */
    currency: Phrases,
    /** A sentence served next to a duration ("30 days in jail"): not a stay, not a date. */
    sentence: Phrases,
    /** A time that is no day ("next week", "fin décembre", "a mediados de"): not a date. */
    vague: Phrases,
    /** "As soon as possible" clear enough to be read from a story. */
    asapStrong: Phrases,
    /** "No exact date": not sure of the date. */
    noDate: Phrases,
    /** Days of the year by name ("Christmas" "12-25"). */
    holidays: z.record(z.string(), MonthDay),
    /** Holidays that are one day, not a time of year ("Christmas Eve 2017" is that day; "Christmas 2015" only December). */
    holidayDays: Phrases,
    /** Seasons: with a year, only the year is known. */
    seasons: Phrases,
    /** "a day before": the day needed is earlier than the one named. */
    before: Phrases,
    /** "a week from Friday", "una semana después del viernes": the day needed is that long after the day named. */
    after: Phrases,
    /** "after 2015", "après 2015", "después del 2015": a bound, not a date, when something happened. */
    /** The news came ("told me today", "me avisaron ayer", "j'ai appris hier"): a day of hearing, not of what happened. */
    newsCame: Phrases,
    afterBound: Phrases,
    /** After a weekday, that weekday a week later ("vendredi en huit", "el viernes en ocho"). */
    weekLater: Phrases,
    /** "around 2010": still that year, when it is past. */
    approx: Phrases,
    /** "when he was young": a time without a date. */
    when: Phrases,
    /** "depends on the doctors", "until she passes": how long is not known. */
    depends: Phrases,
    /** "a month and a half". */
    half: Phrases,
    /** Between a count and its unit, saying the whole of it ("a whole year", "a full month"): still that count. */
    whole: Phrases,
    /** Before a unit or its article, half of it ("half a year", "medio año"): 180 days, 15, 3. */
    halfOf: Phrases,
    /** Ordinal words for days of the month ("fifteenth", "premier"). */
    ordinalDays: z.record(z.string(), z.number().int().min(1).max(31)),
    /** Number words that multiply ("hundred", "mille"). */
    numberScales: z.record(z.string(), z.number().int().min(100)),
    /** The word inside a number in words ("vingt et un", "treinta y uno"). */
    numberJoin: Phrases,
    /** Stays said in one phrase ("quinze jours" is two weeks, 14 days). */
    fixedDurations: z.record(z.string(), z.number().int().min(1)),
    /** After a duration: counted from today ("ten days from now", "a partir de hoy"). */
    fromNow: Phrases,
    /** "the day before", "la veille", "el día anterior": the day needed is the one before the day named. */
    dayBefore: Phrases,
    /** Counts that are no number ("a couple", "a few", "quelques"): a time from them is no day. */
    vagueCount: Phrases,
  })
  .strict();

/** The relations a family word names, from the one who says it ("my son": child). */
export const KIN_TYPES = [
  'child',
  'stepchild',
  'parent',
  'spouse',
  'sibling',
  'grandchild',
  'grandparent',
  'parentInLaw',
  'childInLaw',
  'siblingInLaw',
  'nibling',
  'pibling',
  'cousin',
  'client',
  // Not family, but someone a story names from the writer the same way ("my friend Ahmed").
  'friend',
] as const;
export type KinType = (typeof KIN_TYPES)[number];

/** locales/<lang>/vocab.json `kin`: read by src/nlu/kin.ts. */
const KinSchema = z
  .object({
    /** Family words by relation. */
    terms: z.object(Object.fromEntries(KIN_TYPES.map((k) => [k, Phrases])) as Record<KinType, typeof Phrases>).strict(),
    /** The writer themself ("me", "moi", "yo, la que le escribe"). */
    self: Phrases,
    /** The traveler, whoever writes ("himself", "elle-même", "la persona que viaja"). */
    travelerSure: Phrases,
    /** "him", "elle": the traveler when someone else writes. */
    pronouns: Phrases,
    /** Before a family word: the writer's ("my", "mon", "mi"). */
    mine: Phrases,
    /** The writer's and the traveler's together ("our son", "notre fils"). */
    ours: Phrases,
    /** The traveler's ("his", "sa", "su"). */
    theirs: Phrases,
    /** After a family word: the traveler's ("el nieto de ella"). */
    ofTraveler: Phrases,
    /** More than one person ("both", "les deux"): which one is the patient must be asked. */
    several: Phrases,
    /** The traveler gives an organ: who the patient is must be asked. */
    donor: Phrases,
  })
  .strict();

export const VocabSchema = z
  .object({
    /** Whole-message commands; every language's list is checked whatever the conversation language. */
    commands: z.object({ help: Phrases, back: Phrases, restart: Phrases, stop: Phrases, start: Phrases, human: Phrases, docs: Phrases }).strict(),
    /** Asking for a person in a sentence ("can I talk to a person?"): found anywhere in a short message. */
    humanWithin: Phrases,
    /** Asking for a person in the family's own sentence (src/nlu/human.ts). */
    personRequest: z.object({ people: Phrases, talk: Phrases, callMe: Phrases, requests: Phrases, want: Phrases, reported: Phrases, own: Phrases }).strict(),
    /** Words that ask for a command in a sentence ("let me", "can we", "je veux", "quiero"): "let me start over" is RESTART. */
    commandLeads: Phrases,
    /** Why a command is asked, said after it ("go back, I made a mistake", "regresar me equivoqué"): still the command. */
    commandReasons: Phrases,
    /** Opting out in a sentence ("stop texting me"): found anywhere in a short message. */
    stopWithin: Phrases,
    /** Asking for another language in a sentence (src/nlu/language-switch.ts). */
    languageRequest: z
      .object({ before: Phrases, in: Phrases, request: Phrases, after: Phrases, either: Phrases, refuse: Phrases, refuseAfter: Phrases })
      .strict(),
    /** Danger happening now (src/nlu/danger.ts explains each list); "*" stands for a few words. */
    danger: z
      .object({
        now: Phrases,
        crises: Phrases,
        happening: Phrases,
        happened: Phrases,
        events: Phrases,
        /** Kept from leaving ("won't let her leave", "no la dejan salir", "enfermé"): an event, but where someone is held in custody it is the custody itself, not a second sign. */
        confinement: Phrases,
        /** Who lawfully holds someone, or the word for it ("ICE", "la migra", "détenu"): with custody, kept from leaving is the detention. */
        detainers: Phrases,
        /** Help on its way ("the police are on the way", "ya viene la ambulancia"): what happened is happening now. */
        responders: Phrases,
        threats: Phrases,
        conditions: Phrases,
        symptoms: Phrases,
        custody: Phrases,
        acute: Phrases,
        alone: Phrases,
        aloneWith: Phrases,
        intensifiers: Phrases,
        people: Phrases,
        nowWords: Phrases,
        justNow: Phrases,
        nowAtEnd: Phrases,
        cries: Phrases,
        criesAtStart: Phrases,
        /** "Is it normal", "c'est normal", "es normal": asking whether a sign of the body is normal is asking about it now. */
        askNormal: Phrases,
        past: Phrases,
        since: Phrases,
        later: Phrases,
        care: Phrases,
        negations: Phrases,
        /** "Almost", "presque", "casi": a crisis that almost happened did not; but "she's nearly unconscious" is a state now (stateBefore). */
        nearly: Phrases,
        stateBefore: Phrases,
        pastBefore: Phrases,
        notAfter: Phrases,
        caseUrgent: Phrases,
        clauseBreaks: Phrases,
        /** Words for blood sugar ("sugar", "glucose", "azúcar", "glycémie"): a low figure right after is a sign ("his sugar is 30"). */
        sugar: Phrases,
        /** SMS spellings of one word, read as the word ("cnt": "cant", "orita": "ahorita"). */
        spellings: z.record(z.string().trim().min(1), z.string().trim().min(1)),
      })
      .strict(),
    /** Words that answer nothing on their own: laughter, interjections, insults (src/nlu/noise.ts). */
    noise: Phrases,
    /** Names of each language in this language: a message that is just one switches language. */
    languageNames: z.object({ en: Phrases, fr: Phrases, es: Phrases }).strict(),
    /** Politeness and greetings ignored at both ends of a short answer ("STOP please"). */
    filler: Phrases,
    yes: Phrases,
    no: Phrases,
    /** Short yes/no words that also mean something else ("si" = "if", "y" = "and"): whole message only. */
    ambiguousShort: Phrases,
    unsure: Phrases,
    none: Phrases,
    /** Accepting the summary at review. */
    confirm: Phrases,
    /** "As soon as possible": the date needed is not sure, and urgent; no date is invented for it. */
    asap: Phrases,
    /** List and sum connectors ("2 months and 2 weeks", "1 and 3", "Ana and Luis"). */
    and: Phrases,
    /** Range connectors ("3 to 4 weeks", "2 or 3 months"): the larger is kept. */
    or: Phrases,
    /** Words around a number picked from a numbered list ("option 2", "n° 2", "the second"). */
    optionWords: Phrases,
    ordinals: NumberMap,
    /** Endings of written ordinals ("2nd", "2e", "2º"). */
    ordinalSuffixes: Phrases,
    numberWords: NumberMap,
    durationUnits: z.object({ day: Phrases, week: Phrases, month: Phrases, year: Phrases }).strict(),
    /** Relative dates in this language, in days from today (with `time.days`). */
    relativeDates: z.record(z.string(), z.number().int().min(0)),
    /** "in" / "dans" / "en" before a duration: "in 2 weeks" is a date, "for 2 weeks" is not. */
    within: Phrases,
    /** "ago" / "il y a" / "hace": the duration next to it is in the past. */
    ago: Phrases,
    /** Month names and abbreviations by month number "1".."12". */
    months: PhraseMap,
    /** Words of time and tense: what makes a date, and what only looks like one (src/nlu/when.ts). */
    time: TimeSchema,
    /** Negations that cancel a history word close after them ("never arrested"). */
    negations: Phrases,
    /** Very common words and greetings: language detection. */
    stopwords: Phrases,
    /** Option synonyms: choices[questionId][optionValue]. */
    choices: z.record(z.string(), PhraseMap),
    /** Words naming a question at review ("the date is wrong" -> neededBy). */
    fields: PhraseMap,
    /** Country names and short forms beyond the ISO names i18n-iso-countries knows. */
    countries: CountryPhrases,
    /** Nationality adjectives ("canadienne"). */
    demonyms: CountryPhrases,
    /** Family words, to tell who is who from the writer (src/nlu/kin.ts). */
    kin: KinSchema,
    /** Reading answers that say more than the answer (src/nlu/yesno.ts, src/nlu/choice-reading.ts). */
    answers: z
      .object({
        /** "ok", "go ahead", "d'accord", "dale": yes to going on (the notice, "can you go on now?"). */
        goAhead: Phrases,
        /** "I think so", "not that I know of": an answer that leans but is not sure (recorded as not sure, with the words). */
        hedged: Phrases,
        /** Words before an answer that add nothing to it ("well", "ben", "bueno", "unfortunately"). */
        discourse: Phrases,
        /** Words of this language that another language uses as yes or no ("ya" is "already" in Spanish). */
        notAnswers: Phrases,
        /** "nothing", "nadie", "aucun": a no to a yes / no question (not to a list, where they are none). */
        nothing: Phrases,
        /** Short words of ambiguousShort that opening an answer are that answer even before a sentence (Spanish "si lo deportaron"). */
        opensAnswer: Phrases,
        /** "he's", "elle est", "él es" opening "he's my husband": the one spoken of, as the writer's relative. */
        thirdIs: Phrases.optional(),
        /** "said", "told him", "dijeron": a yes or a no after them is what someone said, not the answer. */
        reported: Phrases,
        /** "never", "jamais", "nunca": anywhere in a short answer, a no. */
        never: Phrases,
        /** "once", "twice", "2 times": how many times something happened is a yes to "has it ever…?". */
        times: Phrases,
        /** Units after a count of times ("2 times", "3 fois", "dos veces", "2x"). */
        timesUnits: Phrases,
        /** Words that say nothing by themselves (articles, pronouns, "only"): what is left beyond an answer is details only with other words. */
        glue: Phrases,
        /** Ages: "17 years", "8 months", "turns 18", "born in 2010", "he's 17", ages in words beyond numberWords ("seventeen") (src/nlu/age.ts). */
        age: z.object({ years: Phrases, months: Phrases, turning: Phrases, born: Phrases, is: Phrases, numbers: NumberMap }).strict(),
        /** Words naming a document ("letter", "certificate", "acta"): a document outside the list is `other`. */
        documentNouns: Phrases,
        /** What makes a letter medical, who wrote it or what it is about ("oncologist", "hôpital", "cita"): the doctor's letter. */
        medicalWords: Phrases,
        /** "then", "puis", "luego": of two outcomes named in turn, the later one is where it stands. */
        then: Phrases,
        /** "both", "les deux", "los dos": two choices, not one. */
        both: Phrases,
        /** "but", "mais", "pero" opening a piece of a list: a remark about what was named, not another item. */
        remarks: Phrases,
        /** "when he was", "cuando tenía", "quand il avait" before an age: a time said by an age, no year. */
        whenAged: Phrases,
        /** A question tagged on at the end ("…, right?", "…, ¿verdad?", "…, n'est-ce pas?"): asking to agree, not asking back. */
        tagQuestions: Phrases,
        /** "no. bueno, …", "no. well, …": after a no, words taking it back to tell what did happen. */
        takenBack: Phrases,
        /** Phrases that answer one yes / no question by what they say ("only in the US" is yes to "unavailable at home?"). */
        byQuestion: z.record(
          z.string(),
          z
            .object({
              yes: Phrases.optional(),
              no: Phrases.optional(),
              unsure: Phrases.optional(),
              /** About something else than the question ("afraid of the border" to "afraid of returning home?"): asked again. */
              elsewhere: Phrases.optional(),
              /** When both are said, the side that qualifies the other ("TB… tested negative": no). */
              wins: z.enum(['yes', 'no']).optional(),
            })
            .strict(),
        ),
      })
      .strict(),
    /** Story keywords for extractFacts. */
    story: z
      .object({
        /** An illness or a procedure by name ("leukemia", "cirugía", "greffe"), never a state ("in hospital"): src/nlu/condition-phrase.ts. */
        conditions: Phrases,
        /** Words before one that say which ("kidney", "spinal", "stage 4"). */
        conditionBefore: Phrases,
        /** Words after one that say which, alone ("terminal", "cardiaque") or after a link ("de corazón", "du pancréas"). */
        conditionAfter: Phrases,
        /** The links ("de", "del", "du", "in the"). */
        conditionLinks: Phrases,
        /** Procedures that, named alone, do not say which ("surgery", "una operación"). */
        conditionVague: Phrases,
        /** Before one, what makes it past and over ("had a", "tuvo un", "a fait une"): a later one is what the trip is for. */
        conditionOver: Phrases,
        /** Words of an arrest only ("arrested", "lo detuvieron", "arrêté"): held by immigration now, that detention, no record. */
        arrests: Phrases,
        medical: Phrases,
        funeral: Phrases,
        court: Phrases,
        ill_relative: Phrases,
        reunification: Phrases,
        child: Phrases,
        criminalHistory: Phrases,
        conviction: Phrases,
        pending: Phrases,
        /** "Because of", "à cause de", "debido a": what comes after is why the event before happened ("refused in 2018 because of an old conviction": 2018 is the refusal's). */
        causeOf: Phrases,
        /** Reporting to immigration ("report to ICE on December 3rd", "cita con migración"): that day is the check-in's, not the day the traveler must be there. */
        checkIn: Phrases,
        charges: Phrases,
        atBorder: Phrases,
        /** Before a land crossing's own name, at the border ("at the", "au", "en el"): with every name of portData, more atBorder phrases. */
        atPort: Phrases,
        /** After any land crossing's name, a town's too, at the border ("crossing", "border"): "at the San Ysidro crossing". */
        atPortKind: Phrases,
        detained: Phrases,
        // Who is who and when, in a story (src/nlu/story-people.ts): what each clause says of whom.
        /** Reasons outside the list ("wedding", "boda"): the reason is other. */
        other: Phrases,
        /** The traveler's words: "needs to come", "tiene que ir", "doit venir", "can't cross". */
        travel: Phrases,
        refused: Phrases,
        deported: Phrases,
        died: Phrases,
        /** Ill or dying now ("in a coma", "aux soins intensifs"). */
        ill: Phrases,
        /** Figures of speech that use those words for something else ("dying to see him", "se muere por conocerlo", "ça me tue"): no illness, death or danger is said there. */
        figures: Phrases,
        /** A detention told as over ("released", "lo soltaron", "relâché"): not held now. */
        released: Phrases,
        /** A clause about now ("right now", "ahorita", "en ce moment"). */
        now: Phrases,
        /** A clause about the past ("was", "a été", "fue", "last"). */
        past: Phrases,
        /** A present verb just before what is said ("está en coma", "is in intensive care"): that is now, whatever else the clause tells of the past. */
        present: Phrases,
        /** The writer as the subject ("I", "je", "yo", "tengo"). */
        self: Phrases,
        /** The writer with others ("we", "nous", "estamos"). */
        we: Phrases,
        /** Someone named before ("he", "elle", "lo"). */
        third: Phrases,
        /** The writer is a lawyer ("I'm an attorney", "mon client"). */
        lawyer: Phrases,
        /** The writer writes for an organization ("on behalf of the Refugee Centre", "au nom du Centre", "de parte del Centro"). */
        organization: Phrases,
        /** Travelling alone ("alone", "toute seule"). */
        alone: Phrases,
        /** Someone brings or goes with the traveler ("his mom is bringing him", "ma tante viendrait avec moi", "su mamá lo va a traer"). */
        withAdult: Phrases,
        /** Afraid to go back home. */
        fear: Phrases,
        /** A drug offence. */
        drugs: Phrases,
        /** Where someone is ("is in", "est à", "está en"), before the place. */
        place: Phrases,
        /** Between a charge and the amount that names it ("fraud over $5,000", "vol de plus de 5000 $"). */
        chargeAmount: Phrases,
        /** Right after a person, before a place ("my brother in Toronto", "mon frère à Edmundston"): where they are. */
        personIn: Phrases,
        /** A way of coming, before where from ("needs to come from Honduras", "viene sola de Santo Domingo"). */
        motion: Phrases,
        /** The word for where from, after a way of coming (a word or two between: "flying alone from"). */
        from: Phrases,
        /** Gone or sent back to a place, told in the past, there since ("went back to Tegucigalpa", "est retourné à Gonaïves"). */
        returnedTo: Phrases,
        subpoena: Phrases,
        /** Testifying: a witness. */
        witness: Phrases,
        /** Their own trial: a defendant. */
        defendant: Phrases,
        /** "I'm", "soy", "je suis" before the writer's relation to the traveler ("soy la nuera"). */
        selfIs: Phrases,
        /** Coming to see someone ill ("come see her", "a verla"): an ill relative. */
        visit: Phrases,
        /** Going with someone to a treatment: only their own child's makes it a medical trip. */
        accompany: Phrases,
        /** Better now ("stable", "va mieux", "ya pasó el peligro"): that illness is no reason to come. */
        recovered: Phrases,
        /** Bringing someone over, before the one brought and where from ("bring my father from Guatemala", "traer a mi papá de Honduras", "faire venir mon père du Cameroun"): the one brought travels. */
        fetch: Phrases,
      })
      .strict(),
    /** Reading a value out of a sentence, and telling "none" or "not sure" (src/nlu/extract.ts). */
    values: z
      .object({
        /** Words around an answer that add nothing to it ("umm", "so", "well", "pues mire"). */
        fillers: Phrases,
        /** A hedge after a value ("I think"): the value stands, the hedge goes with the details. */
        hedges: Phrases,
        /** Words that begin another clause ("but", "pero", "mais"): what follows is details. */
        breaks: Phrases,
        /** "It's", "c'est", "es": before what something is ("es leucemia" -> "leucemia"). */
        presentatives: Phrases,
        /** Words after which a name follows its description ("the driver IS", "le chauffeur S'APPELLE", "su nombre ES"). */
        naming: Phrases,
        /** Third-person pronouns before a naming verb ("ella se llama", "he's called"). */
        pronouns: Phrases,
        /** Words for the traveler or the patient ("the traveler", "el viajero"): described, not named. */
        travelerWords: Phrases,
        /** "Not that I know of", "pas que je sache", "no que yo sepa": none, as far as the family knows. */
        knownNone: Phrases,
        /** After a name, the writer saying it is them ("Marie-Ève Tremblay ici", "Ana aquí", "John speaking"). */
        here: Phrases,
        /** "For now", "todavía", "pour l'instant": after a word for none, still none ("nadie más por ahora"). */
        forNow: Phrases,
        /** A treatment needed ("needs", "a besoin", "necesita"): a clause saying it is part of the condition, not a remark. */
        treatmentNeed: Phrases,
        /** Why, opening a sentence after what happened ("He stayed because…", "Il pensait que…"): a reason given, kept as details. */
        reasons: Phrases,
        /** "the rest", "el resto", "le reste": who pays the rest is a payer too. */
        remainder: Phrases,
        /** Before a charge ("he was charged with", "accusé de", "lo acusaron de"): not part of it. */
        charged: Phrases,
        /** Presentatives and copulas before a value ("my name is", "it's", "soy", "c'est"). */
        introducers: Phrases,
        /** The person asked about is the writer ("me", "yo", "c'est moi"). */
        self: Phrases,
        /** Who a case is against ("against", "contre", "contra"), before a party's name. */
        against: Phrases,
        /** The writer and the traveler together ("we're", "on est", "somos"): a relation after it is said in the plural ("we're cousins"). */
        together: Phrases,
        /** Titles before a name ("Dr.", "Pastor", "Doña"): not part of it. */
        titles: Phrases,
        /** Articles and third-person possessives before a value ("the", "his", "su", "sa"). */
        determiners: Phrases,
        /** The traveler's possessives ("his", "su", "sa"): a relation or a role so possessed is the writer's to the traveler. */
        theirs: Phrases,
        /** First-person singular possessives ("my", "mi", "ma"): a relation in the writer's own terms. */
        mine: Phrases,
        /** First-person plural possessives ("our", "notre"): shared with the traveler ("our father"). */
        ours: Phrases,
        /** Words after a relation that begin a remark about it ("since", "depuis", "x parte de"): details. */
        qualifiers: Phrases,
        /** Words after a relation naming the traveler ("de él", "à lui"): not part of it. */
        ofTraveler: Phrases,
        /**
         * Possessives dropped from the patient's or the deceased's relation to the traveler, as the
         * firm records it in this language ("his mother" -> "mother"; none in French and Spanish,
         * where "sa mère", "su madre" are kept as written).
         */
        relationDrop: Phrases,
        /** Generic words for a hospital before its name ("l'hôpital Fletcher Allen" -> "Fletcher Allen"). */
        facilities: Phrases,
        /** The words that dropped before a hospital's name leave its name whole ("hôpital" in "l'hôpital Fletcher Allen", not "clinique" in "la clinique Mayo"). */
        hospitals: Phrases,
        /** Words that name a court as an institution ("court", "tribunal", "juzgado"): a court is named, not a hearing. */
        courtNames: Phrases,
        /**
         * Prepositions after a sentence's lead and before the place it names ("the hearing is at X",
         * "she will be seen by Dr X", "tiene que ir a la corte…", "chez le docteur X").
         */
        placeLeads: Phrases,
        /** Words for a judge: a judge named is not the court ("the judge is Morales"). */
        judges: Phrases,
        /** Someone's home, named by no place ("en su casa", "at home", "chez lui"): where, still to ask. */
        homes: Phrases,
        /** "The one (that is) in…" standing for a hospital or court not named ("el que está en Miami", "celui de Boston"). */
        theOne: Phrases,
        /** Having no citizenship at all ("stateless", "apatride", "sin nacionalidad"). */
        stateless: Phrases,
        /** Words that end a place and begin a remark on it ("when he was 22", "for my moms estate", "pour la garde"). */
        placeBreaks: Phrases,
        /** An e-mail address spelled out: the word for "@" and the word for "." ("arroba", "punto"). */
        emailAt: Phrases,
        emailDot: Phrases,
        /** The words for "_" and "-" in an address spelled out ("guion bajo", "underscore", "tiret"). */
        emailUnderscore: Phrases,
        emailDash: Phrases,
        /** A word said for the digit 0 inside a phone number read aloud ("five five five oh one"). */
        digitZero: Phrases,
        /** A subpoena or summons mentioned ("assignation", "citación"): the subpoena question is yes. */
        subpoena: Phrases,
        /** Words before the day an order is for ("para el 15", "set for the 9th", "pour le 10"). */
        dayFor: Phrases,
        /** Words of a time to call ("after", "evenings", "en la noche", "le soir"). */
        callTimes: Phrases,
        /** Words that only lead to a number or an address ("call me at", "llámame al", "au"): not a remark. */
        reachMeAt: Phrases,
        /** Prepositions before a place ("in", "at the", "à la", "en el"). */
        at: Phrases,
        /** Family relations: writing as family, and the words of a relationship. */
        kin: Phrases,
        /** People described rather than named ("the driver", "his lawyer"): not a name. */
        people: Phrases,
        /** "I don't know the name": not sure of a value that is a name. */
        unknownName: Phrases,
        /** Not having the thing asked: a negation with a verb of having or using ("don't have", "no lo tengo", "pas de"). */
        lacking: Phrases,
        /** Words that make a place or a thing vague ("somewhere", "quelque part", "algún"). */
        vague: Phrases,
        /** Declining to answer, or asking why: nothing recorded, asked again. */
        declines: Phrases,
        /** A number with these is an amount of money. */
        money: Phrases,
        /** After a number, an age ("years old", "años", "ans"). */
        age: Phrases,
        /** Before a number, an age when nothing else follows ("he's 8", "tiene 87"). */
        ageBefore: Phrases,
        /** Drugs a charge can name: the drugs question is then answered yes. */
        drugs: Phrases,
        /** Numbers that are not a court case number ("A#", "UCI"). */
        notCase: Phrases,
        /** Words naming a case number before it ("case", "docket", "número"). */
        caseWords: Phrases,
        /** Reporting what the doctors said ("they said", "dicen que"): the prognosis is what follows. */
        reported: Phrases,
        /** A word for the writer that may or may not mean family ("chum"): asked again. */
        ambiguousRole: Phrases,
        /** Writing for an organization ("I work at", "trabajo en", "je travaille à"). */
        worksAt: Phrases,
        /** A whole message that points back at something said before ("same as before", "lo mismo"): nothing recorded. */
        backRefs: Phrases,
        /** A whole message of small talk ("ok", "thanks", "sorry", "one sec", "can you repeat the question"): no answer. */
        chat: Phrases,
        /** Words that say it was answered before ("already told you", "ya les dije", "déjà dit"): no answer by themselves. */
        alreadySaid: Phrases,
        /** Words that begin a question back ("why", "pourquoi", "para qué"): a message that asks is not an answer. */
        asks: Phrases,
        /** Words that open a question even without its question mark ("is this confidential", "pourquoi vous voulez savoir", "para qué quieren eso"). */
        asksUnmarked: Phrases,
        /** Someone else knows it ("mi hermana es la que sabe todo", "c'est lui qui sait"): no story of the writer's own. */
        defers: Phrases,
        /** Being at a place by its name ("she's at Sinai hospital in Baltimore"): with the words of story.place, where someone is (src/nlu/off-kind.ts). */
        isAt: Phrases,
        /** A whole message that says nothing (laughter, "ok", "test"): not an answer to a question that wants words. */
        noise: Phrases,
        /** Penalties ("jail", "amende", "multa"): a sentence, not a charge. */
        penalties: Phrases,
        /** No sentence said as a verb ("i wasnt sentenced", "nunca me condenaron", "jamais condamné"): none at the sentence. */
        unsentenced: Phrases,
        /** Penalties served behind bars ("prison", "cárcel", "preso"): a term of them is a conviction ("did 2 years in prison"). */
        custody: Phrases,
        /** "just", "only", "juste", "solo": what there was, after what there was not ("no jail, just probation"). */
        only: Phrases,
        /** Who says it, before a prognosis ("the doctors say", "ils disent que"): not the prognosis. */
        reporting: Phrases,
        /** A remark about the family's day after when to call ("i work nights", "trabajo todo el día", "leave a message"). */
        busy: Phrases,
        /** What else a question may ask beside its answer ("the date", "where"): not knowing it is not "not sure". */
        aspects: Phrases,
      })
      .strict(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const issue = (p: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path: p, message });
    const questions = QUESTIONS as Record<string, { options?: readonly string[] }>;
    for (const [q, opts] of Object.entries(v.choices)) {
      const def = questions[q];
      if (!def?.options) {
        issue(['choices', q], `"${q}" is not a question with options`);
        continue;
      }
      for (const o of Object.keys(opts)) if (!def.options.includes(o)) issue(['choices', q, o], `"${o}" is not an option of ${q}`);
    }
    for (const [q, def] of Object.entries(questions)) {
      if (!def.options) continue;
      for (const o of def.options) if (!v.choices[q]?.[o]) issue(['choices', q, o], `missing synonyms for option ${q}.${o}`);
    }
    for (const q of Object.keys(v.fields)) if (!(q in questions)) issue(['fields', q], `"${q}" is not a question`);
    for (const q of Object.keys(v.answers.byQuestion))
      if ((questions[q] as { kind?: string } | undefined)?.kind !== 'yesno') issue(['answers', 'byQuestion', q], `"${q}" is not a yes / no question`);
    for (const key of Object.keys(v.months)) if (!/^(?:[1-9]|1[0-2])$/.test(key)) issue(['months', key], 'month keys are "1" to "12"');
    for (const key of Object.keys(v.time.weekdays)) if (!/^[1-7]$/.test(key)) issue(['time', 'weekdays', key], 'weekday keys are "1" (Monday) to "7" (Sunday)');
    for (const section of ['countries', 'demonyms'] as const)
      for (const code of Object.keys(v[section])) if (!isCountryCode(code)) issue([section, code], `"${code}" is not an ISO 3166-1 alpha-2 code`);
  });

export type Vocab = z.infer<typeof VocabSchema>;
export type StoryKey = keyof Vocab['story'];
export type CommandName = keyof Vocab['commands'];
export type TimeVocab = Vocab['time'];

/** Where locales/ is (see lexicon.ts, which reads the files). */
export { localesDir };

function load(lang: Lang): Vocab {
  const parsed = VocabSchema.safeParse(vocabularyJson(lang));
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid vocabulary ${vocabularyFile(lang)}: ${where}`);
  }
  return parsed.data;
}

const VOCABS: Record<Lang, Vocab> = { en: load('en'), fr: load('fr'), es: load('es') };

/** The vocabulary of one language. */
export function vocab(lang: Lang): Vocab {
  return VOCABS[lang];
}

/** The given language first, then the others: users mix languages. */
export function langOrder(lang: Lang | null | undefined): Lang[] {
  const first = lang && (LANGUAGES as readonly string[]).includes(lang) ? lang : 'en';
  return [first, ...LANGUAGES.filter((l) => l !== first)];
}

/** Memoise something derived from a language's vocabulary (indexes are built once, on first use). */
export function perLang<T>(build: (v: Vocab, lang: Lang) => T): (lang: Lang) => T {
  const cache = new Map<Lang, T>();
  return (lang) => {
    let hit = cache.get(lang);
    if (hit === undefined) {
      hit = build(vocab(lang), lang);
      cache.set(lang, hit);
    }
    return hit;
  };
}
