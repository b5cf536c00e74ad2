import { OFREPProvider } from '@openfeature/ofrep-provider';
import { type Client, OpenFeature } from '@openfeature/server-sdk';
import { type EvaluatorFactory, openFeatureClientEvaluator } from '@switchyard/testkit';

let domains = 0;

/** An OpenFeature client backed by the official OFREP provider, pointed at `baseUrl`. */
export async function ofrepClient(baseUrl: string, headers: Record<string, string> = {}): Promise<Client> {
  const domain = `ofrep-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, new OFREPProvider({ baseUrl, headers }));
  return OpenFeature.getClient(domain);
}

/** Adapts the OFREP endpoint, through the official provider, to the flagd suite contract. */
export function ofrepEvaluator(baseUrl: string, headers: Record<string, string> = {}): EvaluatorFactory {
  return openFeatureClientEvaluator(() => ofrepClient(baseUrl, headers));
}
