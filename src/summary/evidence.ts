/**
 * The evidence the attorney will want to request, from the domain table per reason and from the
 * screening answers. English for the attorney (never shown to the user); all wording is in
 * EVIDENCE_TEXT so a paralegal can review it in one place. Each item has a stable key: documents
 * the family sends are attached to it (src/documents/checklist.ts says which items an intake
 * has; the family's own wording of each is in locales/<lang>/documents.json, `items.<key>`).
 */
import type { Ground, Reason } from './contract';

/** The attorney's wording of every item, by its key. A key, once used, is never renamed: stored documents carry it. */
export const EVIDENCE_TEXT = {
  physician_letter: 'Physician letter: diagnosis, prognosis, length of treatment',
  treatment_unavailable: 'Proof the treatment is not available at home',
  treatment_costs: 'Cost arrangements: who pays for the treatment',
  relative_medical_letter: "Doctor's letter on the relative's condition and prognosis",
  relationship_proof: 'Proof of relationship',
  death_certificate: 'Death certificate',
  court_order: 'Scheduling order or subpoena',
  case_attorney_letter: 'Letter from the attorney in the case',
  home_ties: 'Proof of ties to the home country',
  relationship_documents: 'Relationship documents',
  supporting_documents: 'Supporting documents, case by case',
  parental_consent: 'Parental consent for a minor patient',
  court_records: 'Court records and dispositions for each incident',
  drug_records: 'Records of any drug charge and its outcome',
  removal_papers: 'Removal or deportation papers',
  entry_exit_proof: 'Proof of entry and exit dates (I-94, passport stamps)',
  misrepresentation_papers: 'Any papers from the U.S. officer about the finding',
  medical_report: 'Medical report on the current condition',
  refusal_notices: 'Refusal or denial notices received',
  waiver_papers: 'Waiver approvals or pending applications',
  police_certificate: 'Police certificate from each country of residence',
  pardon_papers: 'Pardon or record suspension papers (not recognized by the U.S., still relevant)',
} as const;

export type EvidenceKey = keyof typeof EVIDENCE_TEXT;
export const EVIDENCE_KEYS = Object.keys(EVIDENCE_TEXT) as EvidenceKey[];

/** Which items each fact calls for, by key. */
export const EVIDENCE_RULES = {
  byReason: {
    medical: ['physician_letter', 'treatment_unavailable', 'treatment_costs'],
    ill_relative: ['relative_medical_letter', 'relationship_proof'],
    funeral: ['death_certificate', 'relationship_proof'],
    court: ['court_order', 'case_attorney_letter', 'home_ties'],
    reunification: ['relationship_documents'],
    other: ['supporting_documents'],
  } satisfies Record<Reason, EvidenceKey[]>,
  minorPatientConsent: 'parental_consent',
  /** After a "yes" to a screening question. */
  byGround: {
    criminal: ['court_records'],
    drugs: ['drug_records'],
    priorRemoval: ['removal_papers'],
    overstay: ['entry_exit_proof'],
    misrepresentation: ['misrepresentation_papers'],
    health: ['medical_report'],
    security: [],
    refusals: ['refusal_notices'],
    waivers: ['waiver_papers'],
  } satisfies Record<Ground, EvidenceKey[]>,
  /** Asked for when there is, or may be, a criminal record: it settles what "not sure" cannot. */
  policeCertificate: 'police_certificate',
  pardon: 'pardon_papers',
} as const satisfies {
  byReason: Record<Reason, readonly EvidenceKey[]>;
  minorPatientConsent: EvidenceKey;
  byGround: Record<Ground, readonly EvidenceKey[]>;
  policeCertificate: EvidenceKey;
  pardon: EvidenceKey;
};

const words = (keys: readonly EvidenceKey[]) => keys.map((k) => EVIDENCE_TEXT[k]);
const mapValues = <K extends string, A, B>(o: Record<K, A>, f: (a: A) => B) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as A)])) as Record<K, B>;

/** The same table in the attorney's words (what the summary and its tests read). */
export const EVIDENCE = {
  byReason: mapValues<Reason, readonly EvidenceKey[], string[]>(EVIDENCE_RULES.byReason, words),
  minorPatientConsent: EVIDENCE_TEXT[EVIDENCE_RULES.minorPatientConsent],
  byGround: mapValues<Ground, readonly EvidenceKey[], string[]>(EVIDENCE_RULES.byGround, words),
  policeCertificate: EVIDENCE_TEXT[EVIDENCE_RULES.policeCertificate],
  pardon: EVIDENCE_TEXT[EVIDENCE_RULES.pardon],
};
