import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { canEdit } from '../../api/access.js';
import type { FlagSummary } from '../../api/types.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { SelectField } from '../../components/select-field.js';
import { Link, navigate } from '../../router.js';
import { type FlagFilters, facets, filterFlags, isStale, NO_FILTERS, staleReasons } from './flag-filters.js';
import { NewFlagForm } from './new-flag-form.js';
import { useFlagSummaries } from './use-flag-summaries.js';

const ROW_HEIGHT = 44;

function FlagRow({ flag, environments }: { flag: FlagSummary; environments: string[] }) {
  return (
    <>
      <span className="key">
        <Link href={`/flags/${encodeURIComponent(flag.key)}`}>{flag.key}</Link>
      </span>
      <span className="name">{flag.name !== flag.key ? flag.name : ''}</span>
      <span className="kind">{flag.kind}</span>
      <span className="owner">{flag.owner}</span>
      <span className="tags">{flag.tags.join(', ')}</span>
      <span className="states">
        {environments.map((env) => {
          const on = flag.environments[env]?.state === 'ENABLED';
          return (
            <span key={env} className={on ? 'state on' : 'state'}>
              {env}: {on ? 'on' : 'off'}
            </span>
          );
        })}
        {isStale(flag) && (
          <span className="badge" title={staleReasons(flag)}>
            stale
          </span>
        )}
      </span>
    </>
  );
}

export default function FlagsScreen() {
  const { actor, project, environments } = useApp();
  const flags = useFlagSummaries(project);
  const [filters, setFilters] = useState<FlagFilters>(NO_FILTERS);
  const [creating, setCreating] = useState(false);
  const all = useMemo(() => flags.flags ?? [], [flags.flags]);
  const shown = useMemo(() => filterFlags(all, filters), [all, filters]);
  const { owners, tags } = useMemo(() => facets(all), [all]);
  const keys = useMemo(() => new Set(all.map((f) => f.key)), [all]);
  const envKeys = environments.map((e) => e.key);
  const scroller = useRef<HTMLElement>(null);
  const virtual = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const set = (patch: Partial<FlagFilters>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <section aria-labelledby="flags-title">
      <div className="title-row">
        <h1 id="flags-title">Flags</h1>
        {canEdit(actor, project) && !creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New flag
          </button>
        )}
      </div>
      {creating && (
        <NewFlagForm
          existing={keys}
          onCancel={() => setCreating(false)}
          onCreated={(flag) => {
            setCreating(false);
            navigate(`/flags/${encodeURIComponent(flag.key)}`);
          }}
        />
      )}
      <search className="filters" aria-label="Filter flags">
        <label>
          Search{' '}
          <input type="search" value={filters.search} onChange={(e) => set({ search: e.target.value })} />
        </label>
        <SelectField label="Kind" value={filters.kind} onChange={(e) => set({ kind: e.target.value })}>
          <option value="">any</option>
          {['release', 'experiment', 'operational', 'permission'].map((k) => (
            <option key={k}>{k}</option>
          ))}
        </SelectField>
        <SelectField label="Owner" value={filters.owner} onChange={(e) => set({ owner: e.target.value })}>
          <option value="">any</option>
          {owners.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </SelectField>
        <SelectField label="Tag" value={filters.tag} onChange={(e) => set({ tag: e.target.value })}>
          <option value="">any</option>
          {tags.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </SelectField>
        <SelectField
          label="State"
          value={filters.state ? `${filters.environment}:${filters.state}` : ''}
          onChange={(e) => {
            const [environment = '', state = ''] = e.target.value.split(':');
            set({ environment, state: state as FlagFilters['state'] });
          }}
        >
          <option value="">any</option>
          {envKeys.flatMap((env) => [
            <option key={`${env}:ENABLED`} value={`${env}:ENABLED`}>
              on in {env}
            </option>,
            <option key={`${env}:DISABLED`} value={`${env}:DISABLED`}>
              off in {env}
            </option>,
          ])}
        </SelectField>
        <label>
          <input
            type="checkbox"
            checked={filters.staleOnly}
            onChange={(e) => set({ staleOnly: e.target.checked })}
          />{' '}
          Stale only
        </label>
      </search>
      <ErrorAlert error={flags.error} />
      <p className="muted" aria-live="polite">
        {flags.loading && !flags.flags ? 'Loading flags…' : `${shown.length} of ${all.length} flags`}
      </p>
      <section className="flag-list" ref={scroller} aria-label="Flags">
        <ul className="flag-list-inner" style={{ height: virtual.getTotalSize() }}>
          {virtual.getVirtualItems().map((item) => {
            const flag = shown[item.index]!;
            return (
              <li
                key={flag.key}
                className="flag-row"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <FlagRow flag={flag} environments={envKeys} />
              </li>
            );
          })}
        </ul>
      </section>
    </section>
  );
}
