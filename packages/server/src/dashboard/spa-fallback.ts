/** Paths the dashboard never answers: the API, the SDK and flagd endpoints, metrics and probes. */
const serverPaths = [
  /^\/api(\/|$)/,
  /^\/ofrep(\/|$)/,
  /^\/sdk(\/|$)/,
  /^\/metrics$/,
  /^\/healthz$/,
  /^\/readyz$/,
  /^\/flagd\./,
];

/**
 * Whether a request without a route is a client-side route of the dashboard (answered with
 * index.html, so a reload of `/flags/checkout` works): a GET or HEAD outside the server's own paths
 * that a browser navigates to (it accepts HTML) or whose last segment has no extension. A missing
 * script or image stays a 404 rather than HTML the browser would refuse.
 */
export function isClientRoute(method: string, path: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (serverPaths.some((pattern) => pattern.test(path))) return false;
  if (accept?.includes('text/html')) return true;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}
