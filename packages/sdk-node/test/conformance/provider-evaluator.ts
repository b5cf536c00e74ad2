import { OpenFeature } from '@openfeature/server-sdk';
import { type EvaluatorFactory, openFeatureClientEvaluator } from '@switchyard/testkit';
import { SwitchyardProvider } from '../../src/index.js';
import { silentLogger } from '../support/event-log.js';

let domains = 0;

/** The flagd suite contract through an OpenFeature client backed by SwitchyardProvider, synced from `url()`. */
export function providerEvaluator(url: () => string): EvaluatorFactory {
  return openFeatureClientEvaluator(async () => {
    const domain = `flagd-suite-${++domains}`;
    await OpenFeature.setProviderAndWait(
      domain,
      new SwitchyardProvider({ url: url(), logger: silentLogger }),
    );
    return OpenFeature.getClient(domain);
  });
}
