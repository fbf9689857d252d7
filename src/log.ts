/**
 * The logger. Logs say what happened to which conversation (ids, channel, timings), never what
 * anyone wrote, nor a phone number: those are sensitive. The redaction below is a second guard.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: [
        'text',
        'body',
        '*.text',
        '*.body',
        'From',
        'To',
        'from',
        'to',
        'phone',
        '*.phone',
        'address',
        '*.address',
        'req.headers.authorization',
        'req.headers["x-twilio-signature"]',
      ],
      censor: '[redacted]',
    },
  });
}
