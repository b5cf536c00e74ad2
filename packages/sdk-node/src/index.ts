export { SwitchyardSdkError, type SwitchyardSdkErrorCode } from './errors.js';
export type { SwitchyardProviderOptions } from './provider/provider-options.js';
export { SwitchyardProvider, type SwitchyardProviderState } from './provider/switchyard-provider.js';
export type { BackoffOptions } from './sync/backoff.js';
