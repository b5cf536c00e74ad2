export {
  createSwitchyardWebProvider,
  type SwitchyardWebProviderOptions,
} from './create-switchyard-web-provider.js';
export type { EventsState, EventsStatus } from './events/events-reporter.js';
export type { ExposureEvent, SdkEvent, TrackEvent } from './events/sdk-event.js';
export type { EventsOptionsInput } from './events-options.js';
export { SdkWebConfigError, type SdkWebConfigErrorCode } from './sdk-web-config-error.js';
export { SwitchyardWebProvider } from './switchyard-web-provider.js';
