/**
 * The evidence the attorney will want to request, from the domain table per reason and from the
 * screening answers. English for the attorney (never shown to the user); all wording is in
 * EVIDENCE so a paralegal can review it in one place.
 */
import type { Ground, Reason, Summary } from './contract';

export const EVIDENCE = {
  byReason: {
    medical: [
      'Physician letter: diagnosis, prognosis, length of treatment',
      'Proof the treatment is not available at home',
      'Cost arrangements: who pays for the treatment',
    ],
    ill_relative: ["Doctor's letter on the relative's condition and prognosis", 'Proof of relationship'],
    funeral: ['Death certificate', 'Proof of relationship'],
    court: ['Scheduling order or subpoena', 'Letter from the attorney in the case', 'Proof of ties to the home country'],
    reunification: ['Relationship documents'],
    other: ['Supporting documents, case by case'],
  } satisfies Record<Reason, string[]>,
  minorPatientConsent: 'Parental consent for a minor patient',
  /** After a "yes" to a screening question. */
  byGround: {
    criminal: ['Court records and dispositions for each incident'],
    drugs: ['Records of any drug charge and its outcome'],
    priorRemoval: ['Removal or deportation papers'],
    overstay: ['Proof of entry and exit dates (I-94, passport stamps)'],
    misrepresentation: ['Any papers from the U.S. officer about the finding'],
    health: ['Medical report on the current condition'],
    security: [],
    refusals: ['Refusal or denial notices received'],
    waivers: ['Waiver approvals or pending applications'],
  } satisfies Record<Ground, string[]>,
  /** Asked for when there is, or may be, a criminal record: it settles what "not sure" cannot. */
  policeCertificate: 'Police certificate from each country of residence',
  pardon: 'Pardon or record suspension papers (not recognized by the U.S., still relevant)',
} as const;

type Facts = Pick<Summary, 'request' | 'history'>;

export function evidenceChecklist(s: Facts): string[] {
  const { request, history } = s;
  const items: string[] = [];
  if (request.reason) items.push(...(EVIDENCE.byReason[request.reason] ?? []));
  if (request.reason === 'medical' && request.details.patient === 'child') items.push(EVIDENCE.minorPatientConsent);
  for (const [ground, list] of Object.entries(EVIDENCE.byGround) as Array<[Ground, readonly string[]]>) {
    if (history[ground] === 'yes') items.push(...list);
  }
  if (history.criminal === 'yes' || history.criminal === 'unsure' || history.incidents.length > 0) {
    items.push(EVIDENCE.policeCertificate);
  }
  if (history.incidents.some((i) => i.outcome === 'pardoned')) items.push(EVIDENCE.pardon);
  return [...new Set(items)];
}
