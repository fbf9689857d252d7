import type { IntakeBot } from '../bot/intake-bot';
import type { Config } from '../config/env';
import type { InactivityScheduler, ProactiveSender } from '../conversation/scheduler';
import type { IntakeService } from '../conversation/service';
import type { IntakeEngine } from '../engine/intake-engine';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { Channel } from '../../dialogs/context';

/** What the composition root builds and the routes use. */
export interface Parts {
  config: Config;
  logger: Logger;
  store: Store;
  engine: IntakeEngine;
  service: IntakeService;
  bot: IntakeBot;
  senders: Partial<Record<Channel, ProactiveSender>>;
  scheduler: InactivityScheduler;
}
