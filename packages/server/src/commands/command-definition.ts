import type { Static, TSchema } from '@sinclair/typebox';
import type { AuditApproval, AuditRecord } from '../audit/audit-store.js';
import type { Permission } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import type { Tx } from '../storage/transaction.js';
import type { ProjectRef } from './change-unit.js';
import type { Command, IssuePaths, TargetField } from './command.js';

/**
 * Where authorisation is decided: the whole server, the target project, or the target
 * environment. The executor also checks every environment whose flag set a change touches.
 */
export type ScopeLevel = 'server' | 'project' | 'environment';

/** What a command's `run` sees: its transaction, its target and helpers that keep its rules short. */
export interface CommandContext {
  readonly tx: Tx;
  readonly now: string;
  readonly actor: Actor;
  readonly command: Command;
  /** The locked target project (for commands whose unit is `project`). */
  readonly project: ProjectRef | undefined;
  readonly force: boolean;
  audit(record: AuditRecord): void;
  afterCommit(effect: () => void): void;
  createdProject(project: ProjectRef): void;
  /** Refuses with 412 when the command names a version the resource no longer has. */
  checkVersion(resource: string, actual: number): void;
  /** Where a payload field's problems point (`/defaultVariant` → `/body/defaultVariant` over HTTP). */
  payloadPath(path: string): string;
  targetPath(field: TargetField): string;
  /**
   * Runs a stored command in this change, as `author` (authorised as them), marking its audit
   * entries with `author` and `approval`: how an approved change request is applied.
   */
  runHeld(command: Command, author: Actor, approval: AuditApproval): Promise<unknown>;
}

/** What a command's `prepare` sees: no transaction is open yet. */
export interface PreparationContext {
  readonly actor: Actor;
  readonly command: Command;
  readonly requestId: string;
  /** Where a payload field's problems point. */
  payloadPath(path: string): string;
}

export interface CommandDefinition<S extends TSchema = TSchema, R = unknown> {
  action: string;
  summary: string;
  /** Target fields the action needs (and the only ones it accepts). */
  target: readonly TargetField[];
  payload: S;
  permission: Permission;
  scope: ScopeLevel;
  /**
   * `project`: works inside the target project, locked for the change (it must exist);
   * `new-project`: creates its project; `server`: outside any flag set (admin tokens).
   */
  unit: 'project' | 'new-project' | 'server';
  /** Whether `expectedVersion` means something for this action. */
  versioned: boolean;
  /** Run by the server itself only (first-start seeding); refused for every other actor. */
  systemOnly?: boolean;
  /**
   * Checks made before the transaction opens, on execution and plan alike: work that needs its own
   * transactions, such as planning another command (a schedule checks the command it will run).
   */
  prepare?(ctx: PreparationContext, payload: Static<S>): Promise<void>;
  run(ctx: CommandContext, payload: Static<S>): Promise<R>;
}

/** Keeps the payload type of each definition while collecting them in one list. */
export function defineCommand<S extends TSchema, R>(definition: CommandDefinition<S, R>): CommandDefinition {
  return definition as unknown as CommandDefinition;
}

export type { IssuePaths };
