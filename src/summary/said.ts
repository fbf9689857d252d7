/**
 * What the family wrote with their answers beyond the answers themselves (dialogs/answers.ts
 * detailsOf), for the attorney: the summary's `answerDetails`, each under the path of the fact
 * it came with, in the interview's order.
 */
import type { IntakeContext } from '../../dialogs/context';
import { detailsOf } from '../../dialogs/answers';
import { INCIDENT_FIELDS, INCIDENT_QUESTIONS, QUESTION_IDS, fieldsOf, isIncidentQuestion, type QuestionId } from '../../dialogs/questions';
import { LONG_TEXT, shorten } from './caps';
import type { Summary } from './contract';
import type { FieldPath } from './field-paths';
import { DETAIL_KEYS, reasonOf, type Held } from './fields';

/** Where the words said with the conversation's own questions belong (they fill no fact). */
const BELONGS_WITH: Partial<Record<QuestionId, FieldPath>> = {
  // "No, but my father is in palliative care": their account of what is happening.
  danger: 'request.narrative',
  // "Not now, I'm driving", "tomorrow morning would be better": when to reach them.
  canContinue: 'contact.bestTime',
  // "Yes, another DUI in 2014": about the incidents.
  anotherIncident: 'history.incidents',
};

const DETAIL_PREFIX = 'request.details.';

export function answerDetails(ctx: Held & Pick<IntakeContext, 'answers' | 'incidents'>): Summary['answerDetails'] {
  const out: Summary['answerDetails'] = [];
  const add = (path: string, text: string | null) => {
    if (text) out.push({ path, text: text.length > LONG_TEXT ? shorten(text, LONG_TEXT) : text });
  };
  const reason = reasonOf(ctx);
  for (const q of QUESTION_IDS) {
    if (isIncidentQuestion(q)) {
      // All the incidents' words where the first incident question comes, incident by incident.
      if (q !== INCIDENT_QUESTIONS[0]) continue;
      ctx.incidents.forEach((incident, i) => {
        for (const iq of INCIDENT_QUESTIONS) add(`history.incidents[${i}].${INCIDENT_FIELDS[iq]}`, detailsOf(incident[iq]));
      });
      continue;
    }
    const path = fieldsOf(q)[0] ?? BELONGS_WITH[q];
    if (!path) continue;
    // A detail of another reason than the one given (answered before a correction) no longer applies.
    if (path.startsWith(DETAIL_PREFIX) && !(reason && (DETAIL_KEYS[reason] as readonly string[]).includes(path.slice(DETAIL_PREFIX.length)))) continue;
    // Words that became the answer to the details question that follows a yes (also.ts) are shown there.
    const details = detailsOf(ctx.answers[q]);
    if (Object.values(ctx.answers).some((a) => a !== ctx.answers[q] && a && 'value' in a && a.value === details)) continue;
    add(path, details);
  }
  return out;
}
