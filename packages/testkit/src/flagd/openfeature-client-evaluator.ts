import type { Client, EvaluationDetails, FlagValue, JsonValue } from '@openfeature/server-sdk';
import type { EvaluatorFactory, SuiteResolution } from './suite-evaluator.js';
import type { FlagType } from './value-conversion.js';

type Details = Pick<
  EvaluationDetails<FlagValue>,
  'value' | 'variant' | 'reason' | 'errorCode' | 'flagMetadata'
>;

/** The parts of OpenFeature evaluation details the suites assert on. */
export function toSuiteResolution(details: Details): SuiteResolution {
  return {
    value: details.value,
    variant: details.variant,
    reason: details.reason,
    errorCode: details.errorCode,
    flagMetadata: details.flagMetadata as Record<string, unknown>,
  };
}

/** The typed accessor a scenario's flag type calls for (Integer and Float both read numbers). */
export function typedDetails(
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

/**
 * The suite contract through an OpenFeature server client, the way applications evaluate. The client is
 * made once, on first use (the flag set does not change between scenarios).
 */
export function openFeatureClientEvaluator(makeClient: () => Promise<Client>): EvaluatorFactory {
  let client: Promise<Client> | undefined;
  return () => ({
    async evaluate(type, key, defaultValue, context) {
      client ??= makeClient();
      return toSuiteResolution(await typedDetails(await client, type, key, defaultValue, context));
    },
  });
}
