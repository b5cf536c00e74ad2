import type { InMemorySdkKeyAuthenticator } from '../auth/sdk-key-authenticator.js';
import type { FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import type { Db, DialectName } from '../storage/database.js';
import type { WritePath } from '../write-path/write-path.js';

/** What admin routes need; built once in `app.ts`. */
export interface AdminContext {
  db: Db;
  dialect: DialectName;
  writes: WritePath;
  registry: FlagSetRegistry;
  sdkKeys: InMemorySdkKeyAuthenticator;
  /** The flag-key naming rule (configurable). */
  flagKeyRule: RegExp;
}
