import {
  type Client,
  type EvaluationDetails,
  type FlagValue,
  type JsonValue,
  OpenFeature,
} from '@openfeature/server-sdk';
import type { EvaluatorFactory, FlagType, SuiteResolution } from '@switchyard/testkit';
import { SwitchyardProvider } from '../../src/index.js';
import { silentLogger } from '../support/event-log.js';

let domains = 0;

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

/**
 * The flagd suite contract through an OpenFeature client backed by SwitchyardProvider, synced
 * from the server at `url()` (one provider per suite: the flag set does not change between scenarios).
 */
export function providerEvaluator(url: () => string): EvaluatorFactory {
  let client: Promise<Client> | undefined;
  return () => ({
    async evaluate(type, key, defaultValue, context): Promise<SuiteResolution> {
      client ??= (async () => {
        const domain = `flagd-suite-${++domains}`;
        await OpenFeature.setProviderAndWait(
          domain,
          new SwitchyardProvider({ url: url(), logger: silentLogger }),
        );
        return OpenFeature.getClient(domain);
      })();
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
