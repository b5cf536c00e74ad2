import { type Environment, findEnvironment } from '../environments/environment-store.js';
import { type Flag, findFlag } from '../flags/flag-store.js';
import { findProject, type Project } from '../projects/project-store.js';
import type { Db } from '../storage/database.js';
import type { Tx } from '../storage/transaction.js';
import { notFound } from './errors.js';

/** Resolve path keys to resources, answering 404 with the missing key named. */
export async function requireProject(db: Db | Tx, key: string): Promise<Project> {
  const project = await findProject(db, key);
  if (!project) throw notFound(`project "${key}" does not exist`);
  return project;
}

export async function requireEnvironment(db: Db | Tx, project: Project, key: string): Promise<Environment> {
  const environment = await findEnvironment(db, project.id, key);
  if (!environment) throw notFound(`environment "${key}" does not exist in project "${project.key}"`);
  return environment;
}

export async function requireFlag(db: Db | Tx, project: Project, key: string): Promise<Flag> {
  const flag = await findFlag(db, project.id, key);
  if (!flag) throw notFound(`flag "${key}" does not exist in project "${project.key}"`);
  return flag;
}
