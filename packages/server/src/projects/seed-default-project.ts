import type { CommandExecutor } from '../commands/command-executor.js';
import { systemActor } from '../kernel/actor.js';
import { AppError } from '../kernel/errors.js';
import type { Db } from '../storage/database.js';

/** First start: a `default` project with `development` and `production`. Later starts change nothing. */
export async function seedDefaultProject(commands: CommandExecutor, db: Db): Promise<boolean> {
  const any = await db.selectFrom('projects').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  try {
    await commands.execute({
      command: {
        action: 'project.create',
        target: {},
        payload: {
          key: 'default',
          name: 'Default',
          description: 'Created on first start',
          environments: [
            { key: 'development', name: 'Development' },
            { key: 'production', name: 'Production' },
          ],
        },
      },
      actor: systemActor,
      requestId: 'first-start',
    });
    return true;
  } catch (error) {
    // Another replica seeded at the same moment.
    if (error instanceof AppError && error.code === 'CONFLICT') return false;
    throw error;
  }
}
