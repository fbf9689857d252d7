/**
 * Scripted conversations, end to end through the engine: what a family types, what the bot
 * answers (by catalog key, so wording can change), and the summary the attorney receives.
 */
import { SummarySchema } from '../src/summary/contract';
import { toSms } from '../src/i18n/render';
import { after, converse } from './support/converse';
import { REFERENCE } from './scripts.reference';

const consented = ['Hello', 'yes'];

describe('the reference case', () => {
  for (const lang of ['en', 'fr', 'es'] as const) {
    it(`completes in ${lang}, typed as people type, with a summary that honours the contract`, () => {
      const c = converse(REFERENCE[lang]);
      // Nothing had to be asked twice.
      expect(c.keys.filter((k) => k.startsWith('reprompt.') || k.endsWith('.reprompt'))).toEqual([]);
      const s = SummarySchema.parse(c.summary);
      expect(s.status).toBe('complete');
      expect(s.language).toBe(lang);
      expect(s.consent).toEqual({ noticeVersion: expect.any(String), acceptedAt: '2026-11-28T07:02:00.000Z', channel: 'sms' });
      expect(s.contact.role).toBe('traveler');
      expect(s.contact.name).toBe('Marc Tremblay');
      expect(s.contact.phone).toBe('+17165550199');
      expect(s.contact.email).toBe('marc@example.com');
      expect(s.traveler).toMatchObject({
        name: 'Marc Tremblay',
        citizenships: ['CA'],
        locationNow: 'outside_us',
        country: 'CA',
        intendedPort: 'Peace Bridge (Buffalo, NY)',
        isMinor: false,
      });
      expect(s.request).toMatchObject({ reason: 'medical', neededBy: '2026-12-10', stayDays: 90 });
      expect(s.request.details).toMatchObject({ patient: 'child', unavailableAtHome: 'yes' });
      expect(s.history.criminal).toBe('yes');
      expect(s.history.incidents).toHaveLength(2);
      expect(s.history.incidents[0]).toMatchObject({ date: '2004', place: 'Hamilton, Ontario', outcome: 'convicted' });
      expect(s.history.incidents[1]).toMatchObject({ date: '2009-03', place: 'Toronto', outcome: 'convicted' });
      expect(s.history.refusals).toBe('yes');
      expect(s.history.notes).toContain('2015');
      expect(s.documentsOnHand).toEqual(['passport', 'doctor_letter', 'police_check']);
      // 12 days away: U2. A medical reason for a minor's parent, a Canadian with convictions.
      expect(s.triage.tier).toBe('U2');
      expect(s.triage.possiblePaths).toEqual(expect.arrayContaining(['cbp_port_parole', 'i192_waiver']));
      // Treatment in twelve days for "my son", his age never said: no hint of a parent of a minor
      // patient (the attorney asks), and no emergency (none within 72 hours).
      expect(s.triage.feeExemptionIndicators).toEqual([]);
      expect(s.triage.missing).toEqual([]);
      expect(c.effects.map((e) => e.type)).toEqual(['submitted']);
      // The family gets the reference, then what happens next (U2, the next business day), then the link for documents.
      expect(c.turns[c.turns.length - 1].sms.join(' ')).toContain(s.reference);
      expect(c.turns[c.turns.length - 1].keys).toEqual(['say.submitted', 'say.next.nextDay', 'say.docsLink']);
    });
  }

  it('tells the family what happens next by urgency: paged at once when urgent, the normal queue when far off', () => {
    const soon = converse(REFERENCE.en.map((l) => (l === 'December 10' ? 'in two days' : l)));
    expect(soon.summary.triage.tier).toBe('U1');
    expect(soon.turns.at(-1)!.keys).toEqual(['say.submitted', 'say.next.urgent', 'say.docsLink']);
    const later = converse(REFERENCE.en.map((l) => (l === 'December 10' ? 'January 5' : l)));
    expect(later.summary.triage.tier).toBe('U3');
    expect(later.turns.at(-1)!.keys).toEqual(['say.submitted', 'say.next.normal', 'say.docsLink']);
  });
});

describe('emergencies', () => {
  it('E0: danger now stops the intake with 911 / 988 and alerts staff; writing again, the danger question comes back', () => {
    const c = converse([...consented, 'yes', 'what do I do', 'no', 'outside the US']);
    const t = after(c, 'yes');
    expect(c.turns[2].keys).toEqual(['say.emergency']);
    expect(c.turns[2].sms.join(' ')).toMatch(/911.*988/);
    expect(c.turns[2].effects).toEqual([{ type: 'escalate', reasons: ['emergency_now'], tier: 'E0' }]);
    expect(t.asking).toBe('danger');
    // The next message is not taken as an answer: if all are safe, they may go on, from the danger question.
    expect(c.turns[3].keys).toEqual(['say.goOn', 'q.danger.prompt']);
    expect(c.turns[3].effects).toEqual([]);
    expect(after(c, 'no').asking).toBe('location');
    expect(after(c, 'outside the US').asking).toBe('role');
    expect(c.summary.triage.tier).toBe('E0');
    expect(c.summary.triage.escalationReasons).toContain('emergency_now');
  });

  it('E1: at the border, the callback name and number come first, then the page, then the rest', () => {
    const c = converse(['Hello', 'yes', 'no', 'at the border now', 'Marie Tremblay', '905 555 0147', 'yes', 'family'], {
      channel: 'webchat',
    });
    expect(after(c, 'at the border now').keys).toEqual(['q.contactName.prompt']);
    expect(after(c, 'Marie Tremblay').keys).toEqual(['q.contactPhone.prompt']);
    const paged = after(c, '905 555 0147');
    expect(paged.effects).toEqual([{ type: 'escalate', reasons: ['at_border'], tier: 'E1' }]);
    expect(paged.keys).toEqual(['say.urgentAlert', 'q.canContinue.prompt']);
    expect(c.turns[6].keys).toEqual(['q.role.prompt']);
    expect(c.summary.contact).toMatchObject({ name: 'Marie Tremblay', phone: '+19055550147', role: 'family' });
    expect(c.summary.triage.tier).toBe('E1');
  });

  it('E1 detained, cannot continue: on hold, and a later message picks up the questions', () => {
    const c = converse(['Bonjour', 'oui', 'non', 'détenu', 'Paul Gagnon', 'non', 'je peux parler maintenant', 'oui'], {
      knownPhone: '+15145550123',
    });
    // The SMS number is known: the attorney is paged at once, and only the name is asked.
    expect(after(c, 'détenu').effects).toEqual([{ type: 'escalate', reasons: ['detained'], tier: 'E1' }]);
    expect(after(c, 'détenu').keys).toEqual(['q.contactName.prompt']);
    expect(after(c, 'Paul Gagnon').effects).toEqual([]);
    expect(after(c, 'non').keys).toContain('q.location.prompt');
    expect(c.turns[5].keys).toEqual(['say.onHold']);
    expect(c.turns[6].keys).toEqual(['say.welcomeBack', 'q.canContinue.prompt']);
    expect(c.turns[7].keys).toEqual(['q.role.prompt']);
    expect(c.summary.language).toBe('fr');
    expect(c.summary.triage.escalationReasons).toEqual(['detained']);
  });
});

describe('corrections and commands', () => {
  const toReview = [
    'Hello',
    'yes',
    'no',
    '1',
    '1',
    '4',
    'Erie County Court, Buffalo',
    'none',
    'witness',
    'yes',
    'January 15',
    '2 weeks',
    'Ana Lopez',
    'no',
    'Mexico',
    'Toronto, Canada',
    'Rainbow Bridge',
    'John Doe',
    'no',
    'no',
    'no',
    'no',
    'no',
    'no',
    'no',
    'no',
    'no',
    'court order',
    'none',
    'anytime',
  ];

  it('a court case reaches the review with the details a court case needs', () => {
    const c = converse(toReview);
    expect(c.turns[c.turns.length - 1].keys).toEqual(['ui.reviewIntro', 'ui.reviewPrompt']);
    expect(c.summary.request.details).toEqual({
      court: 'Erie County Court, Buffalo',
      courtRole: 'witness',
      subpoena: 'yes',
      hearingDates: ['2027-01-15'],
    });
    expect(c.summary.otherParties).toEqual(['John Doe']);
    // A witness whose case the words do not name as criminal: no law-enforcement help said.
    expect(c.summary.triage.feeExemptionIndicators).toEqual([]);
    expect(c.summary.traveler.citizenships).toEqual(['MX']);
  });

  it('a correction at review by number asks that question again, then comes back to the review', () => {
    const review = converse(toReview).turns.at(-1)!.sms.join('\n');
    const n = /^(\d+) Needed by/m.exec(review)![1];
    const c = converse([...toReview, n, 'February 2', 'ok']);
    expect(after(c, n).keys).toEqual(['q.neededBy.prompt']);
    expect(after(c, n).sms.join(' ')).toContain('January 15, 2027');
    expect(after(c, 'February 2').keys).toEqual(['ui.reviewIntro', 'ui.reviewPrompt']);
    expect(c.summary.request.neededBy).toBe('2027-02-02');
    expect(c.summary.status).toBe('complete');
    // Nothing else changed.
    expect(c.summary.traveler.name).toBe('Ana Lopez');
  });

  it('a correction at review in words ("the email is wrong")', () => {
    const c = converse([...toReview, 'the email is wrong', 'ana@example.org', 'yes']);
    expect(after(c, 'the email is wrong').keys).toEqual(['q.contactEmail.prompt']);
    expect(c.summary.contact.email).toBe('ana@example.org');
    expect(c.summary.status).toBe('complete');
  });

  it('a change of reason at review asks the new details and drops the old ones from the read-back', () => {
    const review = converse(toReview).turns.at(-1)!.sms.join('\n');
    const n = /^(\d+) Reason/m.exec(review)![1];
    const c = converse([...toReview, n, 'funeral', 'my mother', 'November 20', 'ok']);
    expect(after(c, 'funeral').keys).toEqual(['q.relation.prompt']);
    expect(after(c, 'November 20').keys).toEqual(['ui.reviewIntro', 'ui.reviewPrompt']);
    expect(after(c, 'November 20').sms.join('\n')).not.toContain('Court:');
    expect(c.summary.request.reason).toBe('funeral');
    // The traveler's own "my mother": the relation is what the attorney needs (values, not sentences).
    expect(c.summary.request.details).toEqual({ relation: 'mother', dateOfDeath: '2026-11-20' });
    expect(c.summary.triage.feeExemptionIndicators).toEqual(['funeral']);
  });

  it('RESTART clears the answers and starts again at the first question', () => {
    const c = converse([...consented, 'no', '1', '2', 'his wife', 'RESTART', 'no', 'in the US']);
    expect(after(c, 'RESTART').keys).toEqual(['say.restarted', 'q.danger.prompt']);
    expect(c.summary.contact.role).toBeNull();
    expect(c.summary.contact.relationshipToTraveler).toBeNull();
    expect(c.summary.traveler.locationNow).toBe('in_us');
  });

  it('STOP midway opts out at once with one confirmation, then silence but for HELP until START', () => {
    const c = converse([...consented, 'no', 'STOP', 'hello?', 'HELP', 'START', '3']);
    const stop = after(c, 'STOP');
    expect(stop.keys).toEqual(['say.stopped']);
    expect(stop.effects).toEqual([{ type: 'optOut' }]);
    expect(after(c, 'hello?').sms).toEqual([]);
    // HELP is still answered (carriers require it); nothing else is.
    expect(after(c, 'HELP').keys).toEqual(['say.help']);
    const start = after(c, 'START');
    expect(start.effects).toEqual([{ type: 'optIn' }]);
    expect(start.keys).toEqual(['say.resubscribed', 'q.location.prompt']);
    expect(c.summary.traveler.locationNow).toBe('in_us');
    expect(c.summary.status).toBe('in_progress');
  });

  it('HELP and BACK work at any question and lose nothing', () => {
    const c = converse([...consented, 'no', '1', 'help', '2', 'back', 'I am the traveler']);
    expect(after(c, 'help').keys).toEqual(['say.help', 'q.role.prompt']);
    expect(after(c, 'back').keys).toEqual(['q.role.prompt']);
    expect(after(c, 'back').sms.join(' ')).toContain('Family member');
    expect(c.summary.contact.role).toBe('traveler');
    expect(c.summary.traveler.locationNow).toBe('outside_us');
  });

  it('asking for a person on web chat takes a name and number, pages, and resumes the same question', () => {
    const c = converse(['Hi', 'yes', 'no', 'I want to talk to a person', 'Lucy Chen', '+1 416 555 0188', '2'], {
      channel: 'webchat',
    });
    const asked = after(c, 'I want to talk to a person');
    expect(asked.keys).toEqual(['say.humanAlerted', 'q.contactName.prompt']);
    expect(asked.effects).toEqual([{ type: 'escalate', reasons: ['asked_for_human'], tier: null }]);
    expect(after(c, '+1 416 555 0188').keys).toEqual(['q.location.prompt']);
    expect(c.summary.traveler.locationNow).toBe('at_border');
    // At the border, name and phone are known already: straight to the page.
    expect(c.turns.at(-1)!.keys).toEqual(['say.urgentAlert', 'q.canContinue.prompt']);
    expect(c.summary.contact).toMatchObject({ name: 'Lucy Chen', phone: '+14165550188' });
  });

  it('two answers that cannot be understood earn a specific re-prompt, then the offer of a person', () => {
    const c = converse([...consented, 'no', 'banana', 'purple', 'outside']);
    expect(after(c, 'banana').keys).toEqual(['reprompt.choice']);
    expect(after(c, 'banana').sms.join(' ')).not.toContain('AGENT');
    expect(after(c, 'banana').sms.join(' ')).toContain('1 Outside the U.S.');
    expect(after(c, 'purple').sms.join(' ')).toContain('AGENT');
    expect(after(c, 'outside').keys).toEqual(['q.role.prompt']);
    expect(c.summary.traveler.locationNow).toBe('outside_us');
    const c2 = converse([...consented, 'no', '1', '1', '6', 'a wedding', 'sometime', 'later']);
    expect(after(c2, 'sometime').keys).toEqual(['reprompt.futureDate']);
    expect(after(c2, 'sometime').sms.join(' ')).toContain('in 2 weeks');
  });
});

describe('the way people write', () => {
  it('"not sure" is an answer wherever a fact may be unknown', () => {
    const c = converse([...consented, 'not sure', "I don't know", '1', 'idk', 'unsure', 'no idea', 'not sure']);
    expect(after(c, 'not sure').keys).toEqual(['say.safetyReminder', 'q.location.prompt']);
    expect(c.turns.at(-1)!.keys).toEqual(['q.travelerName.prompt']);
    expect(c.summary.traveler.locationNow).toBeNull();
    expect(c.summary.request.reason).toBeNull();
    expect(c.summary.triage.unsure).toEqual(expect.arrayContaining(['traveler.locationNow', 'request.reason']));
    expect(c.summary.request.neededBy).toBeNull();
    expect(c.summary.triage.unsure).toContain('request.neededBy');
  });

  it('whether an adult travels with the traveler is asked of a minor, and of a traveler who may be one', () => {
    const upToAge = [...consented, 'no', 'outside the US', 'I am the traveler', 'something else', 'a wedding', 'not sure', 'not sure', 'Ana Lopez'];
    const maybe = converse([...upToAge, 'not sure', 'no']);
    expect(after(maybe, 'Ana Lopez').keys).toEqual(['q.isMinor.prompt']);
    expect(maybe.turns.at(-2)!.keys).toEqual(['q.accompanied.prompt']);
    expect(maybe.summary.traveler).toMatchObject({ isMinor: null, accompaniedByAdult: 'no' });
    expect(maybe.summary.triage.unsure).toContain('traveler.isMinor');
    const minor = converse([...upToAge, 'yes', 'no']);
    expect(minor.summary.traveler).toMatchObject({ isMinor: true, accompaniedByAdult: 'no' });
    expect(minor.summary.triage.escalationReasons).toContain('unaccompanied_minor');
    const adult = converse([...upToAge, 'no']);
    expect(adult.turns.at(-1)!.keys).toEqual(['q.citizenship.prompt']);
    expect(adult.summary.traveler).toMatchObject({ isMinor: false, accompaniedByAdult: null });
  });

  it('a story-first opener is read back, and once confirmed fills what it can and asks only what is missing', () => {
    const story = 'my son needs heart surgery in Buffalo next week and I have an assault conviction from 2009';
    const c = converse([story, 'yes', 'yes', 'no', '1']);
    expect(c.turns[0].keys).toEqual(['q.consent.intro', 'q.consent.prompt']);
    // After the notice, what was understood is read back before it is used.
    expect(c.turns[1].keys).toEqual(['ui.storyIntro', 'ui.storyPrompt']);
    expect(c.turns[1].sms.join('\n')).toContain('assault');
    expect(c.turns[2].keys).toEqual(['q.danger.prompt']);
    // Who writes, the reason, the patient and the incident came from the story: not asked.
    expect(c.keys).not.toContain('q.role.prompt');
    expect(c.keys).not.toContain('q.reason.prompt');
    expect(c.keys).not.toContain('q.patient.prompt');
    // The condition too ("heart surgery"): the next question is where the treatment is.
    expect(c.keys).not.toContain('q.condition.prompt');
    expect(c.turns.at(-1)!.keys).toEqual(['q.provider.prompt']);
    expect(c.summary.request).toMatchObject({ reason: 'medical', narrative: story });
    expect(c.summary.request.details).toMatchObject({ patient: 'child', condition: 'heart surgery' });
    // "next week" is no day: the date will be asked.
    expect(c.summary.request.neededBy).toBeNull();
    expect(c.summary.history.incidents[0]).toMatchObject({ charge: 'assault', date: '2009', outcome: 'convicted' });
  });

  it('what was understood from a story is used only once confirmed: no drops it, a named fact is asked again', () => {
    const story = 'my son needs heart surgery in Buffalo next week and I have an assault conviction from 2009';
    const no = converse([story, 'yes', 'no, that is not it', 'no', '1']);
    expect(after(no, 'no, that is not it').keys).toEqual(['q.danger.prompt']);
    expect(no.context.opener).toBeNull();
    expect(no.context.answers.reason).toBeUndefined();
    expect(no.context.incidents).toEqual([]);
    // The story is still the family's own words for the attorney.
    expect(no.summary.request.narrative).toBe(story);
    expect(no.turns.at(-1)!.keys).toEqual(['q.role.prompt']);
    const named = converse([story, 'yes', 'the reason is wrong', 'no', '1']);
    expect(named.context.answers.reason).toBeUndefined();
    expect(named.context.incidents[0]).toMatchObject({ incidentCharge: { value: 'assault' } });
    expect(named.turns.at(-1)!.keys).toEqual(['q.reason.prompt']);
    // Nothing counts before the answer: asked again while it is not understood.
    const unclear = converse([story, 'yes', 'banana']);
    expect(unclear.turns.at(-1)!.asking).toBe('confirmStory');
    expect(unclear.context.answers.reason).toBeUndefined();
  });

  it("the read-back is answered in the family's language: oui, sí, or the fact that is wrong", () => {
    const fr = converse([
      "mon fils doit avoir une chirurgie du cœur à Boston et j'ai une condamnation pour vol en 2011",
      'oui',
      "non, la raison n'est pas bonne",
    ]);
    expect(fr.turns[1].keys).toEqual(['ui.storyIntro', 'ui.storyPrompt']);
    expect(fr.turns[1].sms.join('\n')).toContain("Voici ce que j'ai compris");
    expect(fr.context.answers.reason).toBeUndefined();
    expect(fr.context.answers.criminal).toEqual({ value: 'yes' });
    const es = converse(['mi hijo necesita una cirugía en Houston y tengo una condena de 2012', 'sí', 'sí, correcto']);
    expect(es.context.answers.reason).toEqual({ value: 'medical' });
    expect(es.context.incidents[0]).toMatchObject({ incidentDate: { value: '2012' } });
  });

  it('"at the border" from a story is asked plainly first; only a yes pages the attorney', () => {
    const story = 'my brother is at the Peace Bridge right now, they pulled him into secondary';
    const yes = converse([story, 'yes', 'yes']);
    expect(yes.turns[1].keys).toEqual(['ui.borderNow']);
    expect(yes.turns[1].effects).toEqual([]);
    expect(yes.turns[2].effects).toEqual([{ type: 'escalate', reasons: ['at_border'], tier: 'E1' }]);
    expect(yes.summary.traveler.locationNow).toBe('at_border');
    const no = converse([story, 'yes', 'no']);
    expect(no.effects).toEqual([]);
    expect(no.context.answers.location).toBeUndefined();
  });

  it('an escalation that rests only on a story waits for the family to confirm it', () => {
    const story = "my father's funeral is tomorrow in Queens and my brother has to come from Toronto";
    const c = converse([story, 'yes', 'yes']);
    expect(c.turns[1].effects).toEqual([]);
    expect(c.turns[2].effects).toEqual([{ type: 'escalate', reasons: ['needed_within_72h'], tier: 'U1' }]);
    expect(c.summary.request.neededBy).toBe('2026-11-29');
  });

  it('a story told before consent is dropped if consent is declined', () => {
    const c = converse(['My husband has a DUI from 2012 and his father is dying in Rochester', 'no']);
    expect(c.turns[1].keys).toEqual(['say.declined']);
    expect(c.context.narrative).toBeNull();
    expect(c.context.opener).toBeNull();
    expect(c.context.answers).toEqual({});
    expect(c.context.incidents).toEqual([]);
    expect(c.summary.consent).toBeNull();
  });

  it('switching language midway goes on in the new language and keeps every answer', () => {
    const c = converse([...consented, 'no', '1', 'français', '2', 'sa femme']);
    expect(after(c, 'français').keys).toEqual(['q.role.prompt']);
    expect(after(c, 'français').sms.join(' ')).toMatch(/Qui nous écrit/);
    expect(after(c, '2').sms.join(' ')).toMatch(/lien/i);
    expect(c.summary.language).toBe('fr');
    expect(c.summary.traveler.locationNow).toBe('outside_us');
    // "sa femme": the relationship itself, without the traveler's possessive.
    expect(c.summary.contact).toMatchObject({ role: 'family', relationshipToTraveler: 'femme' });
  });

  it('web chat renders the same source as text and buttons', () => {
    const c = converse(['Hola', 'sí', 'no'], { channel: 'webchat' });
    const location = c.engine.renderer.render({ ask: 'location' }, c.context);
    expect(location[0].choices.map((x) => x.label)).toEqual(['Fuera de EE. UU.', 'En la frontera ahora', 'En EE. UU.', 'En detención', 'No sé']);
    expect(location[0].progress).toEqual({ step: 2, of: 9 });
    // A button click sends its label: understood as that choice.
    const next = c.engine.receive(c.snapshot, 'En la frontera ahora', new Date('2026-11-28T08:00:00Z'));
    expect(next.context.answers.location).toEqual({ value: 'at_border' });
    expect(toSms(location)[0]).toContain('2 En la frontera ahora');
  });
});
