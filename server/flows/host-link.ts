import { publicLink } from '../../shared/urls.ts';
import { seal, unseal } from '../booking/seal.ts';
import { hashToken, newToken } from '../http/tokens.ts';
import type { Operations } from '../store/store.ts';
import type { FlowDeps } from './deps.ts';

/**
 * The rep's own link to a lead (`/h/:token`, SPEC §12): made the first time an email to
 * that rep about the lead needs it, the same link in every email after. Only its hash
 * finds it; the token is kept sealed under the server secret so later emails can carry
 * it again. A secret changed since makes a new link (the old one still opens).
 */
export async function hostUrlFor(
  ops: Pick<Operations, 'hostLinks'>,
  deps: Pick<FlowDeps, 'catalog' | 'secret'>,
  leadId: string,
  repId: string,
  now: number,
): Promise<string> {
  const link = await ops.hostLinks.of(leadId, repId);
  let token = link ? unseal(deps.secret, 'host-token', link.tokenKept) : null;
  if (token === null) {
    token = newToken();
    await ops.hostLinks.insert({
      tokenHash: hashToken(token), leadId, repId, tokenKept: seal(deps.secret, 'host-token', token),
      createdAt: now,
    });
  }
  return publicLink(deps.catalog.config.organization.publicUrl, `/h/${token}`);
}

/** The prospect's manage link from the copy sealed under the server secret; null for a booking from before it was kept. */
export function keptManageToken(deps: Pick<FlowDeps, 'secret'>, kept: string | null): string | null {
  return kept === null ? null : unseal(deps.secret, 'kept-manage-token', kept);
}
