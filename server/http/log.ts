import { pino } from 'pino';

/** A structured logger: one JSON object per line, with the request id where there is one. */
export type Logger = {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

/**
 * pino writing JSON lines. Anything that could carry a prospect's personal data is
 * redacted by path as a second line of defence; the code logs ids, not answers.
 */
export function createLogger(destination?: NodeJS.WritableStream): Logger {
  const logger = pino({
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['answers', '*.answers', 'email', '*.email', 'authorization', '*.authorization', 'token', '*.token'], censor: '[redacted]' },
  }, destination ?? pino.destination(1));
  return {
    info: (message, fields) => logger.info(maskEmails(fields ?? {}), maskEmails(message)),
    error: (message, fields) => logger.error(maskEmails(fields ?? {}), maskEmails(message)),
  };
}

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi;

/**
 * Replaces email addresses in any string, however deep: SMTP and webhook errors quote
 * the recipient, and those texts end up in logs and in the outbox's last error.
 */
export function maskEmails<T>(value: T): T {
  if (typeof value === 'string') return value.replace(EMAIL, '[email]') as T;
  if (Array.isArray(value)) return value.map(maskEmails) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskEmails(inner)])) as T;
  }
  return value;
}

export const silentLogger: Logger = { info() {}, error() {} };
