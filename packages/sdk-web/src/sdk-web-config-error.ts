export type SdkWebConfigErrorCode =
  | 'INVALID_URL'
  | 'INVALID_CLIENT_KEY'
  | 'NOT_A_CLIENT_KEY'
  | 'INVALID_OPTION';

/** A bad `createSwitchyardWebProvider` option, caught before anything is sent. */
export class SdkWebConfigError extends Error {
  override readonly name = 'SdkWebConfigError';

  constructor(
    readonly code: SdkWebConfigErrorCode,
    /** The option at fault, e.g. `url` or `eventBatchSize`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
