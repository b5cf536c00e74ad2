import type { PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';

const scoped = new WeakMap<PublishedFlagSet, string>();

/**
 * The document for an in-process provider that shows its key as the selector `sdk-key:<key>`. flagd's JS
 * and Go in-process providers copy their selector into every evaluation's metadata as `scope` (the JS one
 * unless the flag's metadata has a `scope`), which would put the key into evaluation details, hooks, logs
 * and traces. Such clients get the document with flag-set metadata `scope` = `<project>/<environment>`
 * added, unless the environment sets its own: the JS provider then leaves the key out. Built once per
 * publish.
 */
export function documentForSelectorClients(published: PublishedFlagSet): string {
  const metadata = published.document.metadata;
  if (metadata !== undefined && Object.hasOwn(metadata, 'scope')) return published.documentJson;
  let json = scoped.get(published);
  if (json === undefined) {
    const scope = `${published.env.projectKey}/${published.env.environmentKey}`;
    json = JSON.stringify({ ...published.document, metadata: { ...metadata, scope } });
    scoped.set(published, json);
  }
  return json;
}
