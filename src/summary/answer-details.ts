/**
 * What the family said with an answer beyond the answer itself, for the attorney: "mornings, but
 * leave a message if I don't pick up" is the best time "mornings" and these words; "not sure, it's
 * in Buffalo somewhere" is a court not known and these words. Each by the summary path of the fact
 * it goes with (an incident's fact by its number: "history.incidents[0].place", as `missing`
 * lists them), in the interview's order, in the family's own words and language.
 *
 * Only the facts the summary holds for this intake: the relationship of someone writing for the
 * traveler, the details of the reason given, the incidents begun. A question that fills no field
 * of the summary (the danger question, "can you go on") keeps its words in the transcript.
 */
import { detailsOf } from '../../dialogs/answers';
import type { Answer } from '../../dialogs/context';
import { QUESTION_IDS, fieldsOf, isIncidentQuestion, questionDef, type QuestionId } from '../../dialogs/questions';
import type { Summary } from './contract';
import { INCIDENT_PREFIX, lastKey } from './field-paths';
import { DETAIL_KEYS, type Held, type Mapped } from './fields';

export type AnswerDetail = Summary['answerDetails'][number];

/** Whether the summary holds the fact this question fills, for this intake. */
function applies(q: QuestionId, path: string, m: Mapped): boolean {
  if (path === 'contact.relationshipToTraveler') return m.contact.role !== 'traveler';
  if (path.startsWith('request.details.')) {
    const reason = m.request.reason;
    return reason !== null && (DETAIL_KEYS[reason] as readonly string[]).includes(lastKey(path as never));
  }
  return q !== 'language' && q !== 'consent';
}

export function answerDetails(ctx: Held, m: Mapped): AnswerDetail[] {
  const out: AnswerDetail[] = [];
  const incidents = ctx.incidents.filter((i) => Object.values(i).some((a) => a !== undefined));
  for (const q of QUESTION_IDS) {
    const [field] = fieldsOf(q);
    if (!field) continue;
    if (isIncidentQuestion(q)) {
      incidents.forEach((incident, n) => {
        const text = detailsOf(incident[q] as Answer | undefined);
        if (text) out.push({ path: `history.incidents[${n}].${field.slice(INCIDENT_PREFIX.length)}`, text });
      });
      continue;
    }
    const text = detailsOf(ctx.answers[q]);
    if (!text || !applies(q, field, m)) continue;
    // The screening details share one field, a line each: the line's label says which.
    const note = questionDef(q).note;
    out.push({ path: field, text: note ? `${note}: ${text}` : text });
  }
  return out;
}
