/**
 * What a paged attorney's text means: "ACK" or "OK" (the newest page), "ACK HP-7K3Q9" or
 * "ACK 7K3Q9" (that intake), any case, surrounding spaces and punctuation ignored.
 */

export type PagerCommand = { ack: true; reference: string | null } | { ack: false };

const COMMAND = /^\s*(?:ack|okay|ok)(?![a-z0-9])[\s:.,!]*([a-z0-9][a-z0-9 -]{2,14}[a-z0-9])?[\s.!]*$/i;

/** `reference`: what was typed after the keyword, upper case, spaces and hyphens removed. */
export function pagerCommand(body: string): PagerCommand {
  const m = COMMAND.exec(body);
  if (!m) return { ack: false };
  return { ack: true, reference: m[1] ? m[1].toUpperCase().replace(/[\s-]/g, '') : null };
}

/** Whether what the attorney typed names this reference ("HP-7K3Q9" typed as HP7K3Q9 or 7K3Q9). */
export function namesReference(typed: string, reference: string): boolean {
  const full = reference.toUpperCase().replace(/[\s-]/g, '');
  return typed === full || 'HP' + typed === full;
}
