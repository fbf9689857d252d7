/**
 * The acknowledgement link's token: the escalation id and an HMAC of it, so it is unguessable and
 * checked without storing anything. The form on the link's page carries a second HMAC derived
 * from the token, which the POST must present (a cross-site form cannot know it).
 *
 *   token = <escalation id> "." base64url(HMAC-SHA256(secret, "ack:" + id))[0..22)   (132 bits)
 *   csrf  = base64url(HMAC-SHA256(secret, "ack-form:" + token))[0..22)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_CHARS = 22;

function mac(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url').slice(0, MAC_CHARS);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function ackToken(secret: string, escalationId: string): string {
  return `${escalationId}.${mac(secret, 'ack', escalationId)}`;
}

/** The escalation id of a genuine token, or null. */
export function verifyAckToken(secret: string, token: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || token.length > 200) return null;
  const id = token.slice(0, dot);
  return sameText(token.slice(dot + 1), mac(secret, 'ack', id)) ? id : null;
}

export function ackFormToken(secret: string, token: string): string {
  return mac(secret, 'ack-form', token);
}

export function verifyAckFormToken(secret: string, token: string, presented: string): boolean {
  return sameText(presented, ackFormToken(secret, token));
}
