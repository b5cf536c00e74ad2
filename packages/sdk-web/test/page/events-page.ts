// The page under test: an application recording exposures and a conversion, bundled for the browser.
import { OpenFeature } from '@openfeature/web-sdk';
import { createSwitchyardWebProvider } from '@switchyard/sdk-web';

interface PageState {
  ready: boolean;
  /** Variant and reason served per flag. */
  served: Record<string, { variant: string | undefined; reason: string | undefined }>;
  error?: string;
}

const state: PageState = { ready: false, served: {} };
(window as unknown as { __events: PageState }).__events = state;

const params = new URLSearchParams(location.search);
const client = OpenFeature.getClient();

try {
  await OpenFeature.setContext({ targetingKey: params.get('user') ?? 'visitor-1' });
  const provider = createSwitchyardWebProvider({
    url: params.get('server') ?? '',
    clientKey: params.get('key') ?? '',
    eventBatchSize: Number(params.get('batch') ?? 100),
    // Nothing is sent on a timer during the test: only full batches and the page's exit send.
    eventFlushInterval: 600_000,
  });
  (window as unknown as { __reporting: () => unknown }).__reporting = () => provider.reporting;
  await OpenFeature.setProviderAndWait(provider);
  // Rendered several times, as an application re-renders: one exposure per flag and variant.
  for (let render = 0; render < 3; render++) {
    for (const flag of ['checkout-experiment', 'banner']) {
      const details = client.getStringDetails(flag, 'none');
      state.served[flag] = { variant: details.variant, reason: details.reason };
    }
  }
  state.ready = true;
} catch (error) {
  state.error = String(error);
}

(window as unknown as { __track: (name: string, value?: number) => void }).__track = (name, value) =>
  client.track(name, value === undefined ? {} : { value });
