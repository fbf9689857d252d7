/**
 * The intake's evidence checklist, keyed: which items the facts call for (the rules and the
 * attorney's wording are in src/summary/evidence.ts). The summary's `evidenceChecklist` (English
 * strings) is derived from it, so the list the attorney reads and the items a family can attach a
 * document to are one list. A document that proves none of them goes to 'other'.
 */
import { EVIDENCE_KEYS, EVIDENCE_RULES, EVIDENCE_TEXT, type EvidenceKey } from '../summary/evidence';
import type { Ground, Summary } from '../summary/contract';
import { OTHER_ITEM } from './contract';

/** What the checklist is made from: the summary's request and history (a stored Summary is one). */
export type SummaryFacts = Pick<Summary, 'request' | 'history'>;

export interface ChecklistItem {
  key: EvidenceKey;
  attorneyText: string;
}

export function checklistItems(s: SummaryFacts): ChecklistItem[] {
  const { request, history } = s;
  const keys: EvidenceKey[] = [];
  if (request.reason) keys.push(...(EVIDENCE_RULES.byReason[request.reason] ?? []));
  if (request.reason === 'medical' && request.details.patient === 'child') keys.push(EVIDENCE_RULES.minorPatientConsent);
  for (const [ground, list] of Object.entries(EVIDENCE_RULES.byGround) as Array<[Ground, readonly EvidenceKey[]]>) {
    if (history[ground] === 'yes') keys.push(...list);
  }
  if (history.criminal === 'yes' || history.criminal === 'unsure' || history.incidents.length > 0) {
    keys.push(EVIDENCE_RULES.policeCertificate);
  }
  if (history.incidents.some((i) => i.outcome === 'pardoned')) keys.push(EVIDENCE_RULES.pardon);
  return [...new Set(keys)].map((key) => ({ key, attorneyText: EVIDENCE_TEXT[key] }));
}

/** The summary's checklist in the attorney's words (Summary.evidenceChecklist). */
export function evidenceChecklist(s: SummaryFacts): string[] {
  return checklistItems(s).map((i) => i.attorneyText);
}

/** A key a document may be attached to: any checklist item (of any intake) or 'other'. */
export function isItemKey(key: string): boolean {
  return key === OTHER_ITEM || (EVIDENCE_KEYS as string[]).includes(key);
}

/** A key this intake's checklist offers, or 'other'. */
export function isItemOf(s: SummaryFacts, key: string): boolean {
  return key === OTHER_ITEM || checklistItems(s).some((i) => i.key === key);
}

/** The attorney's words for a checklist key; null for 'other' (each attorney view words it in its own catalog) or an unknown key. */
export function attorneyTextOf(key: string): string | null {
  return (EVIDENCE_TEXT as Record<string, string>)[key] ?? null;
}
