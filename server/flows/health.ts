import type { FlowDeps } from './deps.ts';

/** The process answers and the database does too. */
export async function databaseAnswers(deps: Pick<FlowDeps, 'store'>): Promise<boolean> {
  try {
    await deps.store.ping();
    return true;
  } catch {
    return false;
  }
}
