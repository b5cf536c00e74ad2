import { CommandUnavailableError } from '../errors.js';
import type { Command } from './command.js';

/** A command as listed in `switchyard --help`; its module loads only when the command runs. */
export interface CommandEntry {
  readonly name: string;
  /** Other names it answers to (`cr` for `change-request`). */
  readonly aliases?: readonly string[];
  readonly summary: string;
  load(): Promise<Command>;
}

// `serve` is built separately and may be absent from a build; a non-literal specifier keeps the
// TypeScript build independent of it, and the loader reports its absence instead of crashing.
const SERVE_MODULE = './serve.js';

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'Run the Switchyard server (admin API, OFREP, flag sync).',
    load: () => loadCommandModule('serve', () => import(SERVE_MODULE)),
  },
  {
    name: 'validate',
    summary: 'Check flag files (JSON or YAML) strictly against the flagd flag-set format.',
    load: () => loadCommandModule('validate', () => import('./validate.js')),
  },
  {
    name: 'eval',
    summary: 'Evaluate flags from local flag files for one or many contexts.',
    load: () => loadCommandModule('eval', () => import('./eval.js')),
  },
  {
    name: 'scan',
    summary: 'Find the flag keys code uses; report unknown and unused flags; upload them to a server.',
    load: () => loadCommandModule('scan', () => import('./scan.js')),
  },
  {
    name: 'rollout',
    summary: 'Start, watch, pause, resume, promote or roll back a rollout on a server.',
    load: () => loadCommandModule('rollout', () => import('./rollout.js')),
  },
  {
    name: 'kill',
    summary: "Kill switch: serve a flag's safe variant to everyone in an environment.",
    load: () => loadCommandModule('kill', () => import('./kill.js')),
  },
  {
    name: 'experiment',
    summary: 'Create, start, stop and read the results of A/B experiments on a server.',
    load: () => loadCommandModule('experiment', () => import('./experiment.js')),
  },
  {
    name: 'flags',
    summary: 'List stale flags on a server, with the reasons each is stale.',
    load: () => loadCommandModule('flags', () => import('./flags.js')),
  },
  {
    name: 'flag',
    summary: 'Archive a flag (served nowhere, kept with its history) or restore it.',
    load: () => loadCommandModule('flag', () => import('./flag.js')),
  },
  {
    name: 'export',
    summary: 'Write a project (or flagd files) as a project file: flags as code.',
    load: () => loadCommandModule('export', () => import('./export.js')),
  },
  {
    name: 'diff',
    summary: 'Show what applying a project file would change (exit 2 when it would).',
    load: () => loadCommandModule('diff', () => import('./diff.js')),
  },
  {
    name: 'apply',
    summary: 'Make a server match a project file: plan, then create, update and (--prune) delete.',
    load: () => loadCommandModule('apply', () => import('./apply.js')),
  },
  {
    name: 'change-request',
    aliases: ['cr'],
    summary: 'List, show, approve, reject, comment on, apply or cancel change requests (alias cr).',
    load: () => loadCommandModule('change-request', () => import('./change-request.js')),
  },
  {
    name: 'stats',
    summary: 'Plan an experiment: sample size per variant and duration (no server needed).',
    load: () => loadCommandModule('stats', () => import('./stats.js')),
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((entry) => entry.name === name || entry.aliases?.includes(name));
}

/**
 * Imports a command module and checks it exports `command`. Only a missing module becomes
 * `CommandUnavailableError`; a module that exists but fails while loading rethrows as the bug it is.
 */
export async function loadCommandModule(
  name: string,
  importModule: () => Promise<unknown>,
): Promise<Command> {
  let loaded: unknown;
  try {
    loaded = await importModule();
  } catch (error) {
    if (isMissingModule(error, name)) throw new CommandUnavailableError(name, error);
    throw error;
  }
  const command = (loaded as { command?: Partial<Command> } | undefined)?.command;
  if (typeof command?.run !== 'function' || typeof command.help !== 'string') {
    throw new Error(`command module '${name}' does not export a 'command' with 'run' and 'help'`);
  }
  return command as Command;
}

function isMissingModule(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' || typeof message !== 'string') return false;
  // Only the module itself counts: "Cannot find package 'x' imported from …/serve.js" is a broken
  // install, not an absent command. (Node says "Cannot find module", Vite "Failed to load url".)
  const missing = /^(?:Cannot find module '([^']+)'|Failed to load url (\S+))/.exec(message);
  const path = missing?.[1] ?? missing?.[2];
  return path !== undefined && new RegExp(`(?:^|/)${name}\\.(?:js|ts)$`).test(path);
}
