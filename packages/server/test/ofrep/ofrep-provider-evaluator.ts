import { OFREPProvider } from '@openfeature/ofrep-provider';
import {
  type Client,
  type EvaluationDetails,
  type FlagValue,
  type JsonValue,
  OpenFeature,
} from '@openfeature/server-sdk';
import type { EvaluatorFactory, FlagType, SuiteResolution } from '@switchyard/testkit';

let domains = 0;

/** An OpenFeature client backed by the official OFREP provider, pointed at `baseUrl`. */
export async function ofrepClient(baseUrl: string, headers: Record<string, string> = {}): Promise<Client> {
  const domain = `ofrep-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, new OFREPProvider({ baseUrl, headers }));
  return OpenFeature.getClient(domain);
}

async function details(
  client: Client,
  type: FlagType,
  key: string,
  defaultValue: unknown,
  context: Record<string, unknown>,
): Promise<EvaluationDetails<FlagValue>> {
  const ctx = context as Parameters<Client['getBooleanDetails']>[2];
  switch (type) {
    case 'Boolean':
      return client.getBooleanDetails(key, defaultValue as boolean, ctx);
    case 'String':
      return client.getStringDetails(key, defaultValue as string, ctx);
    case 'Integer':
    case 'Float':
      return client.getNumberDetails(key, defaultValue as number, ctx);
    case 'Object':
      return client.getObjectDetails(key, defaultValue as JsonValue, ctx);
  }
}

/** Adapts the OFREP endpoint, through the official provider, to the flagd suite contract. */
export function ofrepEvaluator(baseUrl: string, headers: Record<string, string> = {}): EvaluatorFactory {
  let client: Promise<Client> | undefined;
  return () => ({
    async evaluate(type, key, defaultValue, context): Promise<SuiteResolution> {
      client ??= ofrepClient(baseUrl, headers);
      const result = await details(await client, type, key, defaultValue, context);
      return {
        value: result.value,
        variant: result.variant,
        reason: result.reason,
        errorCode: result.errorCode,
        flagMetadata: result.flagMetadata as Record<string, unknown>,
      };
    },
  });
}
