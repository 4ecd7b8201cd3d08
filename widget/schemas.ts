import type * as api from '../shared/api.ts';
import type { output } from 'zod/mini';
import generated from 'virtual:usher-response-schemas';
import type { Shape } from './validate.ts';

type ResponseSchemaName =
  | 'formViewSchema'
  | 'submissionResponseSchema'
  | 'slotsResponseSchema'
  | 'bookingResponseSchema'
  | 'errorBodySchema';

/**
 * The response schemas of shared/api.ts in the validator's notation, generated from the
 * zod schemas at build time (scripts/response-schemas.ts), each typed as its zod
 * schema's output.
 */
export const schemas = generated as { [K in ResponseSchemaName]: Shape<output<(typeof api)[K]>> };
