import type { Catalog } from '../config/catalog.ts';
import type { Store } from '../store/store.ts';

/** What every use case works with: the store, the loaded config and the clock. */
export type FlowDeps = {
  store: Store;
  catalog: Catalog;
  /** The current instant; tests and `simulate` pass their own. */
  clock: () => number;
};
