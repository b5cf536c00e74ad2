// The page under test: a shop page in an A/B test, bundled for the browser. It renders the
// experiment's flag for its visitor and records purchases through OpenFeature's track().
import { OpenFeature } from '@openfeature/web-sdk';
import { createSwitchyardWebProvider, type SwitchyardWebProvider } from '@switchyard/sdk-web';

interface PageState {
  ready: boolean;
  variant?: string;
  reason?: string;
  error?: string;
}

interface PageApi {
  __experiment: PageState;
  __buy: (value: number) => void;
  /** Sends the queued events now, by fetch. */
  __flush: () => Promise<void>;
}

const page = window as unknown as PageApi;
const state: PageState = { ready: false };
page.__experiment = state;

const params = new URLSearchParams(location.search);
const flag = params.get('flag') ?? '';
const client = OpenFeature.getClient();
let provider: SwitchyardWebProvider | undefined;

try {
  await OpenFeature.setContext({ targetingKey: params.get('user') ?? '' });
  provider = createSwitchyardWebProvider({
    url: params.get('server') ?? '',
    clientKey: params.get('key') ?? '',
    // Nothing leaves on a timer: only an explicit flush, or the page's exit.
    eventFlushInterval: 600_000,
  });
  await OpenFeature.setProviderAndWait(provider);
  // Rendered a few times, as an application re-renders: one exposure all the same.
  for (let render = 0; render < 3; render++) {
    const details = client.getBooleanDetails(flag, false);
    state.variant = details.variant;
    state.reason = details.reason;
  }
  state.ready = true;
} catch (error) {
  state.error = String(error);
}

page.__buy = (value) => client.track('purchase', { value });
page.__flush = async () => provider?.flush();
