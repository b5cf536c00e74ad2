import type { Logger } from '@openfeature/server-sdk';
import type { SwitchyardSdkError } from '../errors.js';
import type { SdkHttp } from '../http/sdk-http.js';
import type { BackoffOptions } from './backoff.js';
import type { FlagStore } from './flag-store.js';

/** What a sync engine tells the provider; the provider turns it into OpenFeature events. */
export interface SyncCallbacks {
  /**
   * The store holds the server's current flag set: after a batch of updates (with the keys of
   * the flags that changed), or on a resumed connection with nothing to catch up (no keys).
   */
  synced(changedKeys: string[]): void;
  /** The server cannot be reached or the connection broke; the engine keeps retrying. */
  lost(error: SwitchyardSdkError): void;
  /** The server refused the SDK key; the engine has stopped. */
  fatal(error: SwitchyardSdkError): void;
}

export interface SyncDeps {
  http: SdkHttp;
  store: FlagStore;
  callbacks: SyncCallbacks;
  backoff: BackoffOptions;
  logger: Logger;
  random?: () => number;
}

/** Keeps a FlagStore current with the server until stopped. */
export interface SyncEngine {
  start(): void;
  stop(): void;
}
