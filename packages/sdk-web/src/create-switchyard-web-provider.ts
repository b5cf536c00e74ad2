import { OFREPWebProvider, type OFREPWebProviderOptions } from '@openfeature/ofrep-web-provider';
import type { Logger } from '@openfeature/web-sdk';
import { checkClientKey } from './check-client-key.js';
import { resolveBaseUrl } from './resolve-base-url.js';

export type SwitchyardWebProviderOptions = Omit<OFREPWebProviderOptions, 'baseUrl'> & {
  /** The Switchyard server (or the path it is served under), absolute or relative to the page. */
  url: string;
  /** A client SDK key of the environment to evaluate (`sy_client_…`). */
  clientKey: string;
};

/**
 * The official OFREP web provider, pointed at Switchyard with a client key. Live updates need
 * nothing more: the bulk response advertises Switchyard's notification stream (key included,
 * as EventSource cannot send headers) and the provider refetches on each `refetchEvaluation`.
 * Every other OFREP web provider option passes through unchanged.
 */
export function createSwitchyardWebProvider(
  options: SwitchyardWebProviderOptions,
  logger?: Logger,
): OFREPWebProvider {
  const { url, clientKey, headers, ...rest } = options;
  const baseUrl = resolveBaseUrl(url, globalThis.location?.href);
  const key = checkClientKey(clientKey);
  return new OFREPWebProvider(
    { ...rest, baseUrl, headers: [...(headers ?? []), ['X-API-Key', key]] },
    logger,
  );
}
