import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { Environment, Project, Session } from './api/types.js';
import { useResource } from './api/use-resource.js';
import { AppContext, type AppContextValue } from './app-context.js';
import { SelectField } from './components/select-field.js';
import { useLive } from './live/changes.js';
import { Link, matchPath, useLocation } from './router.js';
import { prefetchFlagSummaries } from './screens/flags/flag-summaries-prefetch.js';

// Each screen is its own chunk: the first load carries the shell and the flags list only.
const loadFlagsScreen = () => import('./screens/flags/flags-screen.js');
const FlagsScreen = lazy(loadFlagsScreen);
const FlagScreen = lazy(() => import('./screens/flag/flag-screen.js'));
const SegmentsScreen = lazy(() => import('./screens/segments/segments-screen.js'));
const RolloutsScreen = lazy(() => import('./screens/rollouts/rollouts-screen.js'));
const RolloutScreen = lazy(() => import('./screens/rollouts/rollout-screen.js'));
const ExperimentsScreen = lazy(() => import('./screens/experiments/experiments-screen.js'));
const ExperimentScreen = lazy(() => import('./screens/experiments/experiment-screen.js'));
const ChangeRequestsScreen = lazy(() => import('./screens/change-requests/change-requests-screen.js'));
const ChangeRequestScreen = lazy(() => import('./screens/change-requests/change-request-screen.js'));
const AuditScreen = lazy(() => import('./screens/audit/audit-screen.js'));
const SettingsScreen = lazy(() => import('./screens/settings/settings-screen.js'));

const NAV = [
  ['/flags', 'Flags'],
  ['/segments', 'Segments'],
  ['/rollouts', 'Rollouts'],
  ['/experiments', 'Experiments'],
  ['/change-requests', 'Change requests'],
  ['/audit', 'Audit log'],
  ['/settings', 'Settings'],
] as const;

const isFlagsList = (pathname: string) => pathname === '/' || pathname === '/flags';

/**
 * Fetches the flags screen's code at once when the visit starts there, while the session is being
 * checked: it then does not queue behind the list's data, which the server takes longer to answer.
 */
export function preloadFirstScreen(pathname: string): void {
  if (isFlagsList(pathname)) loadFlagsScreen().catch(() => undefined);
}

function Screen({ pathname }: { pathname: string }) {
  if (isFlagsList(pathname)) return <FlagsScreen />;
  const flag = matchPath('/flags/:flag', pathname);
  if (flag) return <FlagScreen flagKey={flag.flag!} />;
  if (pathname === '/segments') return <SegmentsScreen />;
  if (pathname === '/rollouts') return <RolloutsScreen />;
  const rollout = matchPath('/rollouts/:env/:id', pathname);
  if (rollout) return <RolloutScreen environment={rollout.env!} id={rollout.id!} />;
  if (pathname === '/experiments') return <ExperimentsScreen />;
  const experiment = matchPath('/experiments/:env/:key', pathname);
  if (experiment) return <ExperimentScreen environment={experiment.env!} experimentKey={experiment.key!} />;
  if (pathname === '/change-requests') return <ChangeRequestsScreen />;
  const changeRequest = matchPath('/change-requests/:id', pathname);
  if (changeRequest) return <ChangeRequestScreen id={changeRequest.id!} />;
  if (pathname === '/audit') return <AuditScreen />;
  if (pathname === '/settings') return <SettingsScreen />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        Nothing lives at {pathname}. <Link href="/flags">Go to the flags</Link>.
      </p>
    </section>
  );
}

export function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { pathname } = useLocation();
  const live = useLive();
  const projects = useResource<{ projects: Project[] }>('/projects');
  const [project, setProject] = useState<string | null>(null);
  const [environment, setEnvironment] = useState<string | null>(null);
  const list = projects.data?.projects ?? [];
  const current = project ?? list.find((p) => p.key === 'default')?.key ?? list[0]?.key ?? null;
  const environments = useResource<{ environments: Environment[] }>(
    current ? `/projects/${encodeURIComponent(current)}/environments` : null,
  );
  const envList = environments.data?.environments ?? [];
  // A first visit of the flags list: its data loads alongside the screen's code. Requested after
  // the environments (this effect runs after useResource's), which the server answers at once.
  const prefetched = useRef(false);
  useEffect(() => {
    if (prefetched.current || !current || !isFlagsList(pathname)) return;
    prefetched.current = true;
    prefetchFlagSummaries(current, live.revision);
  }, [current, pathname, live.revision]);
  const env =
    environment && envList.some((e) => e.key === environment) ? environment : (envList[0]?.key ?? '');
  useEffect(() => {
    const screen = NAV.find(([href]) => pathname.startsWith(href))?.[1] ?? 'Flags';
    document.title = `${screen} · Switchyard`;
  }, [pathname]);
  const value = useMemo<AppContextValue | null>(
    () =>
      current
        ? { actor: session.actor, project: current, environments: envList, environment: env, setEnvironment }
        : null,
    [current, session.actor, envList, env],
  );
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Switchyard</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([href, label]) => (
              <li key={href}>
                <Link
                  href={href}
                  aria-current={
                    pathname.startsWith(href) || (href === '/flags' && pathname === '/') ? 'page' : undefined
                  }
                >
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="session">
          <SelectField label="Project" value={current ?? ''} onChange={(e) => setProject(e.target.value)}>
            {list.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name || p.key}
              </option>
            ))}
          </SelectField>
          <span className="actor">
            {session.actor.name} ({session.actor.role})
          </span>
          <span className={live.connected ? 'live on' : 'live'} title="Live updates">
            {live.connected ? 'Live' : 'Offline'}
          </span>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {projects.error && (
          <p role="alert" className="error">
            {projects.error}
          </p>
        )}
        {value ? (
          <AppContext.Provider value={value}>
            <Suspense fallback={<p className="loading">Loading…</p>}>
              <Screen pathname={pathname} />
            </Suspense>
          </AppContext.Provider>
        ) : (
          !projects.error && <p className="loading">Loading…</p>
        )}
      </main>
    </div>
  );
}
