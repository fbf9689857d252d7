import type { Server } from 'restify';
import type { Parts } from '../../server/parts';

/** Direct Line 3.0, self-hosted, under /v3/directline (being written). */
export function registerDirectLine(_server: Server, _parts: Parts): void {}
