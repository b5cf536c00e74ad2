/**
 * Child processes for the load targets, so the load generator never shares an event loop with
 * the server it measures. Each child prints one JSON line `{ "url": …, "sdkKey"? }` once it listens.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

function startChild(script, args) {
  const child = spawn(process.execPath, [`${here}${script}`, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n').find((l) => l.startsWith('{"url"'));
      if (!line) return;
      child.stdout.off('data', onData);
      child.stdout.resume(); // keep draining: a full pipe would block the child
      const { url, sdkKey } = JSON.parse(line);
      resolve({ url, sdkKey, pid: child.pid, stop: () => stopChild(child) });
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with code ${code} before listening (did 'npm run build' run?)`)),
    );
    child.once('error', reject);
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const startBareServer = (body) => startChild('bare-server.js', [body]);
export const startSwitchyardServer = (flagFile, storage = 'file') =>
  startChild('switchyard-server.js', [flagFile, storage]);
