import type { Server } from 'restify';
import type { Parts } from '../server/parts';

/** The widget (/widget.js) and the demo page (/) (being written). */
export function registerWeb(_server: Server, _parts: Parts): void {}
