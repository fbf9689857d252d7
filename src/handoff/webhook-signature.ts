/**
 * How a webhook delivery is signed, so the receiver knows it comes from this server and is fresh:
 *
 *   X-Intake-Timestamp: the time of sending, in whole seconds since 1970-01-01T00:00:00Z
 *   X-Intake-Signature: "sha256=" + lowercase hex of HMAC-SHA256(key = WEBHOOK_SECRET (UTF-8),
 *                        message = X-Intake-Timestamp + "." + the exact body bytes)
 *   X-Intake-Delivery:  the outbox item id: the same on every retry of one delivery (idempotency key)
 *   X-Intake-Event:     "escalated" or "submitted"
 *
 * The receiver recomputes the HMAC over the raw body, compares in constant time, and refuses a
 * timestamp too far from its clock (5 minutes, say) so a captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function verifyWebhookSignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
