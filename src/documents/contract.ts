/**
 * The document pipeline's contract (issue 16): what the upload page, Direct Line's upload, MMS
 * (the family's side) and the dashboard, API, PDF and notifications (the attorney's side) code
 * against. The desk (desk.ts) checks a file before anything of it is kept, seals it in chunks and
 * stores it beside the intake; nothing about a document is ever logged.
 */

/** How the file reached us: the secure link's page, web chat's attach button, a text message's media. */
export type DocumentSource = 'link' | 'webchat' | 'sms' | 'whatsapp';
export const DOCUMENT_SOURCES: readonly DocumentSource[] = ['link', 'webchat', 'sms', 'whatsapp'];

/** What the file is, by its content (magic bytes), never by its declared type or its name. */
export type DocumentKind = 'pdf' | 'jpeg' | 'png' | 'heic' | 'webp';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['pdf', 'jpeg', 'png', 'heic', 'webp'];

/** The media type each kind is served as (after the checks, the only type we ever state). */
export const MEDIA_TYPES: Record<DocumentKind, string> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  webp: 'image/webp',
};

/** The checklist item a document proves when it proves none of the listed ones. */
export const OTHER_ITEM = 'other';

export interface IncomingDocument {
  intakeId: string;
  /** A checklist item key (src/documents/checklist.ts) or 'other'. */
  item: string;
  /** The family's short words, for 'other'. */
  description?: string;
  /** As sent; never trusted for the type; stored sealed, shown sanitized. */
  fileName?: string;
  source: DocumentSource;
  /** The bytes as they arrive (a Node Readable is one): read once, never kept whole unless an image. */
  content: AsyncIterable<Uint8Array>;
}

/**
 * Why a file was not kept. Each has the family's wording in locales/<lang>/documents.json
 * (`refusal.<code>`).
 */
export type Refusal = 'too_large' | 'intake_full' | 'too_many' | 'type' | 'malformed' | 'malware' | 'scan_unavailable' | 'unknown_item' | 'unknown_intake';
export const REFUSALS: readonly Refusal[] = [
  'too_large',
  'intake_full',
  'too_many',
  'type',
  'malformed',
  'malware',
  'scan_unavailable',
  'unknown_item',
  'unknown_intake',
];

export interface DocumentInfo {
  id: string;
  intakeId: string;
  item: string;
  description?: string;
  kind: DocumentKind;
  /** Bytes as stored (after re-encoding). */
  size: number;
  receivedAt: string;
  source: DocumentSource;
  /** False when kept as received (a HEIC sharp cannot decode): the attorney page says so. */
  reencoded: boolean;
  /** The file name to show and to download as: sanitized (no path, no control characters), with the kind's extension. */
  displayName: string;
}

export type ReceiveResult = { ok: true; document: DocumentInfo } | { ok: false; refusal: Refusal };

export interface DocumentDesk {
  /**
   * Checks, seals and stores a file; a refused file leaves nothing behind. Reads `content` once,
   * and stops reading at a refusal (the caller closes its stream). Throws only when the storage
   * itself fails (nothing is kept then either).
   */
  receive(doc: IncomingDocument): Promise<ReceiveResult>;
  /** The intake's documents, oldest first. */
  list(intakeId: string): Promise<DocumentInfo[]>;
  /** A document's content, opened chunk by chunk as it is read; null if unknown (or another intake's). */
  open(intakeId: string, id: string): Promise<{ info: DocumentInfo; content: AsyncIterable<Uint8Array> } | null>;
  /** Deletes every document of the intake, content and metadata. Returns how many. */
  purgeIntake(intakeId: string): Promise<number>;
}

/** Wired by the composition root (notifications). */
export interface DocumentDeskHooks {
  onReceived?(info: DocumentInfo): Promise<void>;
}
