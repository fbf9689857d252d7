/**
 * The documents of an intake as the attorney reads them, whatever the medium (the intake page, the
 * PDF, the API, the firm's notices): the evidence checklist, each item with the files received for
 * it (or none: missing), then the files sent as "other" with the family's description. Pure and
 * serializable (the PDF is made in a worker thread from it). No content, and no file name in
 * what goes to a notice (noticeItems).
 */
import { OTHER_ITEM, type DocumentInfo, type DocumentKind } from '../documents/contract';
import { attorneyTextOf, checklistItems } from '../documents/checklist';
import type { Summary } from './contract';

export interface ReceivedItem {
  /** The checklist item's stable key. */
  key: string;
  /** In the firm's wording (src/summary/evidence.ts). */
  name: string;
  /** Oldest first; empty: the item is missing. */
  files: DocumentInfo[];
  /**
   * false for files filed under a key the checklist no longer has (an answer corrected since):
   * shown, never lost, but not counted as a missing item when empty (it never is).
   */
  onChecklist: boolean;
}

export interface ReceivedDocuments {
  items: ReceivedItem[];
  /** Files sent as "other", oldest first. */
  other: DocumentInfo[];
  /** Every file, oldest first. */
  count: number;
}

const byTime = (a: DocumentInfo, b: DocumentInfo) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id);

/** The checklist of `summary` with the files of `documents` (the desk's list for that intake) filed under it. */
export function receivedByItem(summary: Pick<Summary, 'request' | 'history'>, documents: readonly DocumentInfo[]): ReceivedDocuments {
  const sorted = [...documents].sort(byTime);
  const checklist = checklistItems(summary);
  const keys = new Set<string>(checklist.map((c) => c.key));
  const items: ReceivedItem[] = checklist.map((c) => ({ key: c.key, name: c.attorneyText, files: sorted.filter((d) => d.item === c.key), onChecklist: true }));
  // Filed under an item the checklist has no more: kept in view under its key.
  const strays = [...new Set(sorted.filter((d) => d.item !== OTHER_ITEM && !keys.has(d.item)).map((d) => d.item))];
  for (const key of strays) items.push({ key, name: attorneyTextOf(key) ?? key, files: sorted.filter((d) => d.item === key), onChecklist: false });
  return { items, other: sorted.filter((d) => d.item === OTHER_ITEM), count: sorted.length };
}

/** The checklist items nothing was received for. */
export function missingItems(r: ReceivedDocuments): ReceivedItem[] {
  return r.items.filter((i) => i.onChecklist && i.files.length === 0);
}

/** The file extension a download gets. */
const EXTENSIONS: Record<DocumentKind, string> = { pdf: 'pdf', jpeg: 'jpg', png: 'png', heic: 'heic', webp: 'webp' };

/**
 * A download's file name made of what the firm knows (reference, item key, a piece of the id), never
 * of the family's file name: nothing they typed goes into a header.
 */
export function downloadName(reference: string, info: Pick<DocumentInfo, 'id' | 'item' | 'kind'>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '');
  return `${safe(reference)}-${safe(info.item).slice(0, 40)}-${safe(info.id).slice(0, 8)}.${EXTENSIONS[info.kind]}`;
}

/** Whether a browser can show the kind itself (images it decodes, PDFs in its viewer). */
export function previewable(info: Pick<DocumentInfo, 'kind'>): boolean {
  return info.kind !== 'heic';
}
