export {
  createSwitchyardWebProvider,
  type SwitchyardWebProviderOptions,
} from './create-switchyard-web-provider.js';
export { SdkWebConfigError, type SdkWebConfigErrorCode } from './sdk-web-config-error.js';
