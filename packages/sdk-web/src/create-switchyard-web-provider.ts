import type { OFREPWebProviderOptions } from '@openfeature/ofrep-web-provider';
import type { Logger } from '@openfeature/web-sdk';
import { checkClientKey } from './check-client-key.js';
import { type EventsOptionsInput, resolveEventsOptions } from './events-options.js';
import { resolveBaseUrl } from './resolve-base-url.js';
import { SwitchyardWebProvider } from './switchyard-web-provider.js';

export type SwitchyardWebProviderOptions = Omit<OFREPWebProviderOptions, 'baseUrl'> &
  EventsOptionsInput & {
    /** The Switchyard server (or the path it is served under), absolute or relative to the page. */
    url: string;
    /** A client SDK key of the environment to evaluate (`sy_client_…`). */
    clientKey: string;
  };

/**
 * The official OFREP web provider, pointed at Switchyard with a client key, which also sends
 * exposures and `track` events to Switchyard. Live updates need nothing more: the bulk response
 * advertises Switchyard's notification stream (key included, as EventSource cannot send headers)
 * and the provider refetches on each `refetchEvaluation`. Every other OFREP web provider option
 * passes through unchanged.
 */
export function createSwitchyardWebProvider(
  options: SwitchyardWebProviderOptions,
  logger?: Logger,
): SwitchyardWebProvider {
  const {
    url,
    clientKey,
    headers,
    exposures,
    exposureDedupWindow,
    exposureDedupLimit,
    eventBatchSize,
    eventFlushInterval,
    eventQueueLimit,
    flushTimeout,
    ...rest
  } = options;
  const baseUrl = resolveBaseUrl(url, globalThis.location?.href);
  const key = checkClientKey(clientKey);
  const events = resolveEventsOptions({
    exposures,
    exposureDedupWindow,
    exposureDedupLimit,
    eventBatchSize,
    eventFlushInterval,
    eventQueueLimit,
    flushTimeout,
  });
  return new SwitchyardWebProvider(
    { ...rest, baseUrl, headers: [...(headers ?? []), ['X-API-Key', key]] },
    { baseUrl, clientKey: key, options: events },
    logger,
  );
}
