import { FlagdProvider, type FlagdProviderOptions } from '@openfeature/flagd-provider';
import { type Client, OpenFeature } from '@openfeature/server-sdk';
import { type EvaluatorFactory, openFeatureClientEvaluator } from '@switchyard/testkit';

let domains = 0;

/**
 * An OpenFeature client backed by the official flagd provider, connected to Switchyard. The provider's RPC
 * cache is off unless asked for: the suites expect each evaluation's own reason (STATIC), not CACHED, as the
 * testbed's Background step "option cache … disabled" says.
 */
export async function flagdClient(options: FlagdProviderOptions): Promise<Client> {
  const domain = `flagd-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, new FlagdProvider({ cache: 'disabled', ...options }));
  return OpenFeature.getClient(domain);
}

/** The flagd suite contract through the official flagd provider; options read when the first scenario runs. */
export function flagdProviderEvaluator(options: () => FlagdProviderOptions): EvaluatorFactory {
  return openFeatureClientEvaluator(() => flagdClient(options()));
}
