import type { IntakeBot } from '../bot/intake-bot';
import type { Config } from '../config/env';
import type { Redelivery } from '../conversation/redelivery';
import type { InactivityScheduler, ProactiveSender } from '../conversation/scheduler';
import type { IntakeService } from '../conversation/service';
import type { IntakeEngine } from '../engine/intake-engine';
import type { Logger } from '../log';
import type { Handoff } from '../handoff/handoff';
import type { AccountStore } from '../store/account-store';
import type { HandoffStore } from '../store/handoff-store';
import type { Limits } from '../limits/limits';
import type { Spooling } from '../spool/spooling';
import type { Store } from '../store/store';
import type { Channel } from '../../dialogs/context';
import type { DirectLineStreams } from '../channels/directline/streams';
import type { Takeover } from '../conversation/takeover';
import type { DocumentDesk } from '../documents/contract';
import type { UploadLinks } from '../documents/link';
import type { DocumentWords } from '../documents/wording';

/** What the composition root builds and the routes use. */
export interface Parts {
  config: Config;
  logger: Logger;
  store: Store;
  /** The firm's side: handling statuses, escalations, the outbox, the audit log. */
  handoffStore: HandoffStore;
  /** Attorneys, their sessions, API tokens. */
  accounts: AccountStore;
  /** Notifications, paging and acknowledgements. */
  handoff: Handoff;
  /** Signs what the server hands out (Direct Line tokens, acknowledgement links). */
  secret: string;
  engine: IntakeEngine;
  service: IntakeService;
  bot: IntakeBot;
  senders: Partial<Record<Channel, ProactiveSender>>;
  scheduler: InactivityScheduler;
  /** Sends replies stored but never sent (a process that died before its response). */
  redelivery: Redelivery;
  /** The outage spool (MongoDB): readiness, and what web chat lists while messages wait. */
  spooling: Spooling;
  /** Abuse limits, in this instance's memory. */
  limits: Limits;
  /** Direct Line's WebSockets on this instance (web chat's streamUrl). */
  streams: DirectLineStreams;
  /** An attorney holding the family's conversation, writing to them, handing it back. */
  takeover: Takeover;
  /** The family's secure upload links (src/documents/link.ts): made and read. */
  uploadLinks: UploadLinks;
  /** Receives, lists, opens and purges the documents families send (src/documents/desk.ts). */
  documents: DocumentDesk;
  /** The family's words about documents: refusals and checklist items (locales/<lang>/documents.json). */
  documentWords: DocumentWords;
}
