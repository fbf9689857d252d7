/**
 * An email address anywhere in the message ("it's Maria.Lopez@Example.com thanks"), validated
 * with zod and lowercased (mail systems treat addresses case-insensitively in practice and the
 * firm's CRM matches on the lowercase form).
 */
import { z } from 'zod';
import { asText } from './normalize';

const Email = z.email();

export function parseEmail(text: string): string | null {
  for (const piece of asText(text).split(/[\s,;]+/u)) {
    if (!piece.includes('@')) continue;
    const candidate = piece
      .replace(/^(?:mailto:)/iu, '')
      .replace(/^[<("'[]+|[>)"'\].!?:]+$/gu, '')
      .toLowerCase();
    if (Email.safeParse(candidate).success) return candidate;
  }
  return null;
}
