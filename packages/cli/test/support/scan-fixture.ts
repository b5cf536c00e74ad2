import { fileURLToPath } from 'node:url';

/** The fixture repository: five languages, a .gitignore'd directory, a nested .gitignore, a binary file. */
export const SCAN_FIXTURE = fileURLToPath(new URL('../fixtures/scan/', import.meta.url));

/** Every reference in the fixture repository, as `scan --format json` reports it (flags.json known). */
export const FIXTURE_REFERENCES = [
  { flag: 'banner-text', file: 'services/api/main.go', line: 22 },
  { flag: 'banner-text', file: 'services/gateway/FeatureGate.cs', line: 15 },
  { flag: 'banner-text', file: 'web/checkout.ts', line: 17 },
  { flag: 'beta-banner', file: 'web/checkout.ts', line: 13 },
  { flag: 'checkout-config', file: 'services/gateway/FeatureGate.cs', line: 19 },
  { flag: 'checkout-config', file: 'web/checkout.ts', line: 18 },
  { flag: 'dark-mode', file: 'services/gateway/FeatureGate.cs', line: 9 },
  { flag: 'dark-mode', file: 'services/pricing/pricing.py', line: 9 },
  { flag: 'dark-mode', file: 'web/promo.tsx', line: 5 },
  { flag: 'discount-rate', file: 'services/api/main.go', line: 24 },
  { flag: 'discount-rate', file: 'services/billing/src/main/java/com/acme/Billing.java', line: 24 },
  { flag: 'discount-rate', file: 'services/pricing/pricing.py', line: 15 },
  { flag: 'discount-rate', file: 'web/checkout.ts', line: 24 },
  { flag: 'discount-rate', file: 'web/promo.tsx', line: 14 },
  { flag: 'ghost-flag', file: 'services/pricing/pricing.py', line: 24 },
  { flag: 'go-only', file: 'services/api/main.go', line: 25 },
  { flag: 'local-override', file: 'web/checkout.local.ts', line: 1 },
  { flag: 'max-retries', file: 'services/api/main.go', line: 18 },
  { flag: 'max-retries', file: 'services/billing/src/main/java/com/acme/Billing.java', line: 19 },
  { flag: 'max-retries', file: 'services/gateway/FeatureGate.cs', line: 14 },
  { flag: 'max-retries', file: 'services/pricing/pricing.py', line: 12 },
  { flag: 'nested-in-fstring', file: 'services/pricing/pricing.py', line: 17 },
  { flag: 'nested-interp', file: 'services/gateway/FeatureGate.cs', line: 16 },
  { flag: 'new-checkout', file: 'services/api/main.go', line: 15 },
  { flag: 'new-checkout', file: 'services/billing/src/main/java/com/acme/Billing.java', line: 18 },
  { flag: 'new-checkout', file: 'web/checkout.ts', line: 11 },
  { flag: 'raw-key', file: 'services/pricing/pricing.py', line: 16 },
  { flag: 'search-v2', file: 'services/gateway/FeatureGate.cs', line: 17 },
  { flag: 'search-v2', file: 'web/checkout.ts', line: 7 },
  { flag: 'summer-promo', file: 'web/promo.tsx', line: 4 },
];

/** Keys the fixture evaluates that its flags.json does not define. */
export const FIXTURE_UNKNOWN_TO_FLAG_FILE = [
  'beta-banner',
  'checkout-config',
  'ghost-flag',
  'go-only',
  'local-override',
  'nested-in-fstring',
  'nested-interp',
  'raw-key',
];
