import type * as api from '../shared/api.ts';
import type { output } from 'zod/mini';
import generated from 'virtual:usher-response-schemas';
import type { Shape } from './validate.ts';

/** Each response schema of shared/api.ts in the validator's notation, typed as its zod schema's output. */
export type Shapes<K extends keyof typeof api> = { [Name in K]: Shape<output<(typeof api)[Name]>> };

/**
 * The response schemas the first step needs, generated from the zod schemas at build
 * time (scripts/response-schemas.ts); the others are in `schemas-later.ts`.
 */
export const schemas = generated as Shapes<'formViewSchema' | 'errorSummarySchema'>;
