/**
 * A chart with a fault of the kind a later release could ship: its `record` action throws on one
 * answer, POISON, and records every other answer as the real chart does. One family's turn fails
 * (every time it is tried), nobody else's.
 */
import { assign } from 'xstate';
import { intakeMachine } from '../../dialogs/intake.machine';
import { CURRENT_INTERVIEW, type Interview } from '../../src/engine/restore';

/** The French and Spanish scripts' hospital answer (REFERENCE.fr[8], REFERENCE.es[8]); the English one differs. */
export const POISON = 'Roswell Park, Buffalo';

type Assigner = (args: { event: unknown }, params: unknown) => unknown;
const realRecord = (intakeMachine.implementations.actions as unknown as Record<string, { assignment: Assigner }>).record.assignment;

export const poisonedInterview: Interview = {
  ...CURRENT_INTERVIEW,
  machine: intakeMachine.provide({
    actions: {
      record: assign((args: { event: unknown }, params: unknown) => {
        // The error quotes the answer, as a real one might: it must reach no log.
        if (JSON.stringify(args.event).includes(POISON)) throw new Error(`cannot record ${JSON.stringify(args.event)}`);
        return realRecord(args, params);
      }) as never,
    },
  }),
};
