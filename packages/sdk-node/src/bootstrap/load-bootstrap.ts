import { readFile } from 'node:fs/promises';
import type { FlagSetDocument } from '@switchyard/core';
import { SwitchyardSdkError } from '../errors.js';
import { checkBootstrapDocument } from '../provider/provider-options.js';

/** The bootstrap flag set: the document given, or the JSON file at the path given. */
export async function loadBootstrap(bootstrap: FlagSetDocument | string): Promise<FlagSetDocument> {
  if (typeof bootstrap !== 'string') return bootstrap;
  let text: string;
  try {
    text = await readFile(bootstrap, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SwitchyardSdkError(
      'INVALID_BOOTSTRAP',
      `cannot read the bootstrap file ${bootstrap}: ${reason}`,
      {
        fatal: true,
        cause: error,
      },
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new SwitchyardSdkError(
      'INVALID_BOOTSTRAP',
      `the bootstrap file ${bootstrap} is not JSON: ${(error as Error).message}`,
      { fatal: true, cause: error },
    );
  }
  return checkBootstrapDocument(document, bootstrap);
}
