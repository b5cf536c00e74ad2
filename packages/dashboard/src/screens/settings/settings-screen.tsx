import { ApprovalPoliciesSection } from './approval-policies-section.js';
import { EnvironmentsSection } from './environments-section.js';
import { SdkKeysSection } from './sdk-keys-section.js';
import { TokensSection } from './tokens-section.js';

export default function SettingsScreen() {
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <EnvironmentsSection />
      <ApprovalPoliciesSection />
      <SdkKeysSection />
      <TokensSection />
    </section>
  );
}
