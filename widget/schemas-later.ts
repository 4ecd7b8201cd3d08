import generated from 'virtual:usher-response-schemas/later';
import type { Shapes } from './schemas.ts';

/** The response schemas of the steps after the questions, in the scheduler's module. */
export const laterSchemas = generated as Shapes<'submissionResponseSchema' | 'slotsResponseSchema' | 'bookingResponseSchema' | 'manageLinkResponseSchema' | 'errorBodySchema'>;
