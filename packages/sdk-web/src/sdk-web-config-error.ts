export type SdkWebConfigErrorCode = 'INVALID_URL' | 'INVALID_CLIENT_KEY' | 'NOT_A_CLIENT_KEY';

/** A bad `createSwitchyardWebProvider` option, caught before anything is sent. */
export class SdkWebConfigError extends Error {
  override readonly name = 'SdkWebConfigError';

  constructor(
    readonly code: SdkWebConfigErrorCode,
    readonly field: 'url' | 'clientKey',
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
