/** A flag set of `count` flags for the development environment: varied kinds, owners, tags and states. */
export function benchFlagSet(count) {
  const kinds = ['release', 'experiment', 'operational', 'permission'];
  const owners = ['checkout', 'search', 'growth', 'platform', 'mobile'];
  const flags = {};
  for (let i = 0; i < count; i++) {
    const key = `flag-${String(i).padStart(5, '0')}`;
    flags[key] = {
      state: i % 3 === 0 ? 'ENABLED' : 'DISABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting:
        i % 10 === 0 ? { if: [{ ends_with: [{ var: 'email' }, '@example.com'] }, 'on', 'off'] } : undefined,
      metadata: { kind: kinds[i % kinds.length], owner: owners[i % owners.length] },
    };
  }
  return { flags };
}
