import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import {
  type Client,
  type EvaluationDetails,
  type FlagValue,
  type JsonValue,
  OpenFeature,
} from '@openfeature/web-sdk';
import {
  type EvaluatorFactory,
  type FlagType,
  type SuiteResolution,
  toSuiteResolution,
} from '@switchyard/testkit';

let domains = 0;

/**
 * An OpenFeature web client backed by the official OFREP web provider (bulk evaluation, ETag),
 * here in Node: no EventSource and no localStorage, so no SSE and no persistent cache.
 */
export async function ofrepWebClient(
  baseUrl: string,
  headers: Record<string, string> = {},
  context: Record<string, unknown> = {},
): Promise<Client> {
  const domain = `ofrep-web-${++domains}`;
  await OpenFeature.setContext(domain, context as Parameters<typeof OpenFeature.setContext>[1]);
  await OpenFeature.setProviderAndWait(
    domain, // Headers as a list of pairs: 0.4.3 iterates them (an object throws).
    new OFREPWebProvider({ baseUrl, headers: Object.entries(headers), cacheMode: 'disabled' }),
  );
  return OpenFeature.getClient(domain);
}

function details(
  client: Client,
  type: FlagType,
  key: string,
  defaultValue: unknown,
): EvaluationDetails<FlagValue> {
  switch (type) {
    case 'Boolean':
      return client.getBooleanDetails(key, defaultValue as boolean);
    case 'String':
      return client.getStringDetails(key, defaultValue as string);
    case 'Integer':
    case 'Float':
      return client.getNumberDetails(key, defaultValue as number);
    case 'Object':
      return client.getObjectDetails(key, defaultValue as JsonValue);
  }
}

/**
 * Adapts the bulk OFREP endpoint, through the official web provider, to the flagd suite contract:
 * the scenario's context becomes the static context (a bulk re-evaluation), then the flag is read.
 */
export function ofrepWebEvaluator(baseUrl: string, headers: Record<string, string> = {}): EvaluatorFactory {
  return async () => {
    const client = await ofrepWebClient(baseUrl, headers);
    const domain = client.metadata.domain!;
    return {
      async evaluate(type, key, defaultValue, context): Promise<SuiteResolution> {
        await OpenFeature.setContext(domain, context as Parameters<typeof OpenFeature.setContext>[1]);
        return toSuiteResolution(details(client, type, key, defaultValue));
      },
    };
  };
}
