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
    info: (message, fields) => logger.info(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

export const silentLogger: Logger = { info() {}, error() {} };
