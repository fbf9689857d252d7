import type { Server } from 'restify';
import type { Parts } from '../../server/parts';

/** Twilio Messaging webhook at /api/sms (being written). */
export function registerTwilio(_server: Server, _parts: Parts): void {}
