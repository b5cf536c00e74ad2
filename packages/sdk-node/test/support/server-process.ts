import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
// Inside the server package's node_modules: the child resolves the server's dependencies as the
// server does (its own node_modules first, where npm may nest some, then the repo's).
const cacheDir = `${repoRoot}packages/server/node_modules/.cache/switchyard-sdk-node-tests`;

let bundled: Promise<string> | undefined;

/**
 * The server, bundled from its TypeScript sources (never a stale dist) into one ES module inside
 * the server package, so the child resolves fastify, better-sqlite3 and the rest as the server does.
 */
function serverBundle(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(cacheDir, { recursive: true });
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./server-main.ts', import.meta.url))],
      outfile: `${cacheDir}/server.mjs`,
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
      plugins: [
        {
          name: 'workspace-sources',
          setup(esbuild) {
            esbuild.onResolve({ filter: /^@switchyard\/[a-z-]+$/ }, (args) => ({
              path: `${repoRoot}packages/${args.path.slice('@switchyard/'.length)}/src/index.ts`,
            }));
          },
        },
      ],
    });
    const code = result.outputFiles[0]!.contents;
    // Named by content: parallel test files share one file, and a changed source makes a new one.
    const outfile = `${cacheDir}/server-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
    if (!existsSync(outfile)) {
      const temporary = `${outfile}.${process.pid}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, outfile);
    }
    return outfile;
  })();
  return bundled;
}

export interface ServerProcessOptions {
  dataDir?: string;
  port?: number;
  adminToken?: string;
  flagFiles?: string[];
  /** A database location (`postgres://…` for replicas sharing one); default: SQLite in dataDir. */
  db?: string;
  /** More environment for the child (SWITCHYARD_* intervals, OTEL_*). */
  env?: Record<string, string>;
  /** How long the start may take (default 20 s). */
  startTimeoutMs?: number;
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** SIGKILL: no shutdown, the sockets are reset by the kernel. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean shutdown), SIGKILL if that takes more than 3 s. */
  stop(): Promise<void>;
}

/** Starts the real server in a child process and waits until it listens. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const bundle = await serverBundle();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SY_TEST_PORT: String(options.port ?? 0),
    ...(options.dataDir ? { SY_TEST_DATA_DIR: options.dataDir } : {}),
    ...(options.adminToken ? { SY_TEST_ADMIN_TOKEN: options.adminToken } : {}),
    ...(options.flagFiles ? { SY_TEST_FLAG_FILES: JSON.stringify(options.flagFiles) } : {}),
    ...(options.db ? { SY_TEST_DB: options.db } : {}),
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const address = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    let stdout = '';
    const timeoutMs = options.startTimeoutMs ?? 20_000;
    const timer = setTimeout(
      () => reject(new Error(`server process did not start within ${timeoutMs / 1000} s\n${stderr}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server process exited before listening (code ${child.exitCode})\n${stderr}`));
    });
  });
  return {
    ...address,
    pid: child.pid!,
    exited,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // A graceful close waits for every connection; one a client opened and never used (an idle
      // socket in a fetch pool) holds it until the server's headers timeout (60 s).
      const grace = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(grace);
    },
  };
}
