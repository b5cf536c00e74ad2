import autocannon from 'autocannon';

/** One autocannon run; resolves to the figures the report prints. */
export async function load({ title, url, body, connections, durationSec, headers = {} }) {
  const result = await autocannon({
    title,
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration: durationSec,
  });
  return {
    title,
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
