/**
 * The server's abuse limits, built from config.limits. They live in this instance's memory:
 * with several instances behind a load balancer each counts on its own, so a client may get up to
 * (instances × limit) through. That is acceptable for what they are for (stopping a loop or a
 * flood, not metering), and it keeps the database off the hot path.
 *
 * One Limits per running server, built by start.ts (parts.limits). Its clock is `now`, which tests
 * replace to move time without sleeping.
 */
import type { LimitsConfig } from '../config/env';
import { TrustedProxies } from './client-ip';
import { OpenConversations } from './open-conversations';
import { RateLimiter } from './rate-limiter';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export class Limits {
  /** Milliseconds since the epoch; replaced by tests. */
  now: () => number = Date.now;
  /** Whose X-Forwarded-For is believed (TRUSTED_PROXIES): pass to clientIp. */
  readonly trustedProxies: TrustedProxies;
  /** SMS per sender number: a burst per minute, and a sustained rate per hour (a loop with an auto-responder). */
  readonly smsPerNumber: RateLimiter[];
  /** Webhook requests that failed Twilio's signature, per IP. */
  readonly smsRefusedPerIp: RateLimiter;
  readonly directLineTokensPerIp: RateLimiter;
  readonly directLineConversationsPerIp: RateLimiter;
  readonly openWebConversations: OpenConversations;
  /** /api/messages per IP (see src/channels/botframework/routes.ts for which requests count). */
  readonly botFrameworkPerIp: RateLimiter;
  /** /api/messages per conversation: a burst per minute, and a sustained rate per hour. */
  readonly botFrameworkPerConversation: RateLimiter[];

  constructor(c: LimitsConfig) {
    const now = () => this.now();
    const per = (limit: number, windowMs: number) => new RateLimiter({ limit, windowMs, now });
    this.trustedProxies = new TrustedProxies(c.trustedProxies);
    this.smsPerNumber = [per(c.smsPerNumberPerMinute, MINUTE), per(c.smsPerNumberPerHour, HOUR)];
    this.smsRefusedPerIp = per(c.smsRefusedPerIpPerMinute, MINUTE);
    this.directLineTokensPerIp = per(c.directLineTokensPerIpPerMinute, MINUTE);
    this.directLineConversationsPerIp = per(c.directLineConversationsPerIpPerHour, HOUR);
    this.openWebConversations = new OpenConversations({ cap: c.maxOpenWebConversationsPerIp, idleMs: c.webIdleMinutes * MINUTE, now });
    this.botFrameworkPerIp = per(c.botFrameworkPerIpPerMinute, MINUTE);
    this.botFrameworkPerConversation = [per(c.botFrameworkPerConversationPerMinute, MINUTE), per(c.botFrameworkPerConversationPerHour, HOUR)];
  }
}
