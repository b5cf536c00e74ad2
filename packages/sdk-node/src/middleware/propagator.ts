import { AsyncLocalStorageTransactionContextPropagator, OpenFeature } from '@openfeature/server-sdk';

let installed = false;

/**
 * Installs the AsyncLocalStorage propagator once per process: replacing it again would orphan
 * the contexts of requests already in flight.
 */
export function ensureTransactionContextPropagator(): void {
  if (installed) return;
  OpenFeature.setTransactionContextPropagator(new AsyncLocalStorageTransactionContextPropagator());
  installed = true;
}
