import type { Channel } from '../../../dialogs/context';
import type { Config } from '../../config/env';
import type { ProactiveSender } from '../../conversation/scheduler';
import type { Logger } from '../../log';
import type { Store } from '../../store/store';

/** Proactive SMS / WhatsApp through Twilio's REST API (being written). */
export function twilioSenders(_config: Config, _store: Store, _logger: Logger): Partial<Record<Channel, ProactiveSender>> {
  return {};
}
