// The page under test: what an application writes, bundled for the browser by the test.
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';
import { createSwitchyardWebProvider } from '@switchyard/sdk-web';

interface PageState {
  ready: boolean;
  renders: number;
  error?: string;
}

const state: PageState = { ready: false, renders: 0 };
(window as unknown as { __page: PageState }).__page = state;

const params = new URLSearchParams(location.search);
const client = OpenFeature.getClient();

function show(flagKey: string, value: unknown, variant: string | undefined, reason: string): void {
  const cell = document.querySelector<HTMLElement>(`[data-flag="${flagKey}"]`);
  if (!cell) return;
  cell.textContent = JSON.stringify(value);
  cell.dataset.variant = variant ?? '';
  cell.dataset.reason = reason;
  const swatch = cell.parentElement?.querySelector<HTMLElement>('.swatch');
  if (swatch && typeof value === 'string') swatch.style.background = value;
}

function render(): void {
  const checkout = client.getBooleanDetails('new-checkout', false);
  show('new-checkout', checkout.value, checkout.variant, checkout.reason ?? '');
  const banner = client.getStringDetails('banner-color', 'gray');
  show('banner-color', banner.value, banner.variant, banner.reason ?? '');
  state.renders += 1;
  const status = document.getElementById('status');
  if (status) status.textContent = `rendered ${state.renders}× · provider ${client.providerStatus}`;
}

client.addHandler(ProviderEvents.ConfigurationChanged, render);

try {
  await OpenFeature.setContext({ targetingKey: 'visitor-1', plan: 'pro' });
  await OpenFeature.setProviderAndWait(
    createSwitchyardWebProvider({ url: params.get('server') ?? '', clientKey: params.get('key') ?? '' }),
  );
  render();
  state.ready = true;
} catch (error) {
  state.error = String(error);
}
