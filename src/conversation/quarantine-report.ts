/**
 * What /readyz says of messages set aside (quarantine.ts), for the operator: how many messages and
 * conversations, and when the latest was. Absent while there are none, so a healthy server's
 * answer is as before; present, it is still 200 and "ready": the server serves every other
 * family, and the people to act (staff) were alerted through the outbox. The counts fall only as
 * retention purges the conversations; a monitor alerts on `latest` moving (a new one), or on the
 * counts rising after a release (a fault that fails every turn shows at once).
 */
import type { Logger } from '../log';
import { PING_TIMEOUT_MS, withDeadline } from '../spool/store-health';
import type { QuarantineCount, Store } from '../store/store';

export async function quarantinedReport(store: Store, logger: Logger): Promise<QuarantineCount | null> {
  try {
    // Never longer than the readiness ping: a slow count must not hold the load balancer's check.
    const q = await withDeadline(store.quarantined(), PING_TIMEOUT_MS);
    return q.messages + q.conversations > 0 ? q : null;
  } catch (err) {
    logger.warn({ err: (err as Error).name }, 'readyz: the count of messages set aside is not available');
    return null;
  }
}
