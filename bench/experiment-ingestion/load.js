import { Agent, request } from 'node:http';

/**
 * Posts every body to `url` over `concurrency` keep-alive connections; a 503 (the server holds too
 * much) is retried after its Retry-After. Resolves with the time taken and the retries.
 */
export async function postAll(url, headers, bodies, concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (body) =>
    new Promise((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode, text, retryAfter: Number(res.headers['retry-after'] ?? 1) }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  let retries = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        for (;;) {
          const answer = await post(body);
          if (answer.status === 202) break;
          if (answer.status !== 503)
            throw new Error(`POST ${url} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
          retries++;
          await new Promise((resolve) => setTimeout(resolve, answer.retryAfter * 1000));
        }
      }
    }),
  );
  const ms = performance.now() - started;
  agent.destroy();
  return { ms, retries };
}
