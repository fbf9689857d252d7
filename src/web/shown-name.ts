/**
 * A file name as the family is shown it back ("not kept: scan.pdf"): its last path segment, no
 * control or direction characters, at most 80 characters. Never logged, never used for anything
 * else (the desk keeps its own sanitized name).
 */
const CONTROL = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export function shownName(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? '';
  const clean = last.replace(CONTROL, '').trim();
  return (clean || 'file').slice(0, 80);
}
