/**
 * An answer keeps the rest of the message for the attorney (`{ value, details }`, `{ unsure: true,
 * details }`, `{ none: true, details }`), and a message may answer other questions too (`also`):
 * "I'm his wife" at the role is family, and the relationship (wife) is then not asked again.
 */
import { createActor } from 'xstate';
import { detailsOf, withAlso, withDetails } from '../dialogs/answers';
import { AnswerSchema } from '../dialogs/context-schema';
import type { IntakeEvent } from '../dialogs/context';
import { intakeMachine } from '../dialogs/intake.machine';

const at = '2026-11-28T07:00:00.000Z';

/** A chart past the notice, resting at the role question (nothing urgent). */
function atRole() {
  const actor = createActor(intakeMachine, { input: { intakeId: 'i-1', reference: 'HP-TEST1', channel: 'sms', createdAt: at } }).start();
  const send = (e: IntakeEvent) => actor.send(e);
  send({ type: 'OPEN', at, language: 'en' });
  send({ type: 'ANSWER', value: 'yes', at });
  send({ type: 'ANSWER', value: 'no', at }); // danger
  send({ type: 'ANSWER', value: 'outside_us', at }); // location
  return { actor, send, asking: () => actor.getSnapshot().value };
}

describe('details and also on an answer', () => {
  it('records the details with the answer, and what the message also answered, so it is not asked again', () => {
    const { actor, send } = atRole();
    expect(JSON.stringify(actor.getSnapshot().value)).toContain('role');
    send({ type: 'ANSWER', value: 'family', details: 'we share custody', also: { relationship: { value: 'wife' } }, at });
    const ctx = actor.getSnapshot().context;
    expect(ctx.answers.role).toEqual({ value: 'family', details: 'we share custody' });
    expect(ctx.answers.relationship).toEqual({ value: 'wife' });
    // The relationship was said: the reason comes next.
    expect(JSON.stringify(actor.getSnapshot().value)).toContain('reason');
  });

  it('never replaces an answer given when asked with one a later message also gave', () => {
    const { actor, send } = atRole();
    send({ type: 'ANSWER', value: 'family', also: { relationship: { value: 'wife' } }, at });
    send({ type: 'ANSWER', value: 'medical', also: { role: { value: 'friend' }, relationship: { value: 'neighbour' } }, at });
    const ctx = actor.getSnapshot().context;
    expect(ctx.answers.role).toEqual({ value: 'family' });
    expect(ctx.answers.relationship).toEqual({ value: 'wife' });
  });

  it('keeps what a message said for other questions when the question asked is asked again', () => {
    const { actor, send } = atRole();
    send({ type: 'ANSWER', value: 'family', also: {}, at });
    send({ type: 'UNCLEAR', also: { contactPhone: { value: '+17165550142' } }, at });
    const snap = actor.getSnapshot();
    expect(JSON.stringify(snap.value)).toContain('relationship');
    expect(snap.context.answers.relationship).toBeUndefined();
    expect(snap.context.answers.contactPhone).toEqual({ value: '+17165550142' });
  });

  it('keeps details with "not sure" and "none"', () => {
    const { actor, send } = atRole();
    send({ type: 'ANSWER', value: 'family', at });
    send({ type: 'UNSURE', details: 'it is complicated', at });
    expect(actor.getSnapshot().context.answers.relationship).toEqual({ unsure: true, details: 'it is complicated' });
  });
});

describe('the helpers', () => {
  it("reads an answer's details, trimmed, or null", () => {
    expect(detailsOf({ value: 'x', details: '  more  ' })).toBe('more');
    expect(detailsOf({ none: true, details: ' ' })).toBeNull();
    expect(detailsOf({ unsure: true })).toBeNull();
    expect(detailsOf(undefined)).toBeNull();
  });

  it('sets or removes details without touching the answer', () => {
    expect(withDetails({ value: 'a' }, ' b ')).toEqual({ value: 'a', details: 'b' });
    expect(withDetails({ value: 'a', details: 'old' }, '')).toEqual({ value: 'a' });
    expect(withDetails({ unsure: true }, null)).toEqual({ unsure: true });
  });

  it('adds also-answers only where there is none, incident ones to the incident being answered', () => {
    const held = { answers: { role: { value: 'family' } }, incidents: [{ incidentDate: { value: '2009' } }] };
    const out = withAlso(held, { role: { value: 'friend' }, relationship: { value: 'son' }, incidentCharge: { value: 'DUI' } });
    expect(out.answers).toEqual({ role: { value: 'family' }, relationship: { value: 'son' } });
    expect(out.incidents).toEqual([{ incidentDate: { value: '2009' }, incidentCharge: { value: 'DUI' } }]);
  });

  it('stores details in a context that still validates (and one without them, as before)', () => {
    expect(AnswerSchema.safeParse({ value: 'Roswell Park', details: 'they accepted her' }).success).toBe(true);
    expect(AnswerSchema.safeParse({ none: true, details: 'no hay todavía' }).success).toBe(true);
    expect(AnswerSchema.safeParse({ value: 'x' }).success).toBe(true);
    expect(AnswerSchema.safeParse({ value: 'x', details: 5 }).success).toBe(false);
  });
});
