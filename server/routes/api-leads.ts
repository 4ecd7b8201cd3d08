import { Hono } from 'hono';
import * as z from 'zod/mini';
import { submissionRequestSchema } from '../../shared/api.ts';
import { submitApiLead, touchLead } from '../flows/api-leads.ts';
import type { FlowDeps } from '../flows/deps.ts';
import { apiCallerOf, apiKeyAuth } from '../http/api-key-auth.ts';
import { readIdempotencyKey } from '../http/idempotency-key.ts';
import { readJson } from '../http/validate.ts';

// Only API clients send these; the widget does not, so they live beside the routes.
const apiLeadSchema = z.object({
  form: z.string().check(z.minLength(1), z.maxLength(64)),
  answers: submissionRequestSchema.shape.answers,
  timezone: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  locale: z.optional(z.string().check(z.maxLength(35))),
  source: z.optional(z.string().check(z.maxLength(200))),
});

/**
 * Leads from anywhere (SPEC §12): `POST /api/leads` routes a lead a CRM, a chat tool or a
 * script sends, and `POST /api/leads/:id/touch` tells Usher its rep is working on it.
 * Both need an API key from the config's `apiKeys`.
 */
export function createApiLeadRoutes(deps: FlowDeps & { readSecret: (name: string) => string | undefined }) {
  const auth = apiKeyAuth(deps.catalog.config.apiKeys, deps.readSecret);
  return new Hono()
    .post('/api/leads', auth, async (c) => {
      const key = readIdempotencyKey(c.req.header('idempotency-key'));
      const request = await readJson(c, apiLeadSchema);
      const answer = await submitApiLead(deps, apiCallerOf(c), request, key);
      if (answer.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(answer.body, answer.status as 200 | 201);
    })
    .post('/api/leads/:leadId/touch', auth, async (c) => {
      const touched = await touchLead(deps, c.req.param('leadId'));
      return c.json({
        leadId: touched.lead.id, repId: touched.lead.repId,
        acceptedAt: touched.acceptedAt === null ? null : new Date(touched.acceptedAt).toISOString(),
        touchedAt: touched.touchedAt === null ? null : new Date(touched.touchedAt).toISOString(),
      });
    });
}
