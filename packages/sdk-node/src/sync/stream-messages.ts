import type { FlagDefinition, FlagSetDocument } from '@switchyard/core';
import { SwitchyardSdkError } from '../errors.js';
import type { FlagSetPatch } from './flag-store.js';

/** `event: flagset` of `GET /sdk/v1/stream`: the whole document at a version. */
export interface FlagSetMessage {
  type: 'flagset';
  version: number;
  etag: string | undefined;
  document: FlagSetDocument;
}

/** `event: change`: only the changed flags. */
export interface ChangeMessage extends FlagSetPatch {
  type: 'change';
}

export type StreamMessage = FlagSetMessage | ChangeMessage;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isVersion = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function badMessage(event: string, problem: string): SwitchyardSdkError {
  return new SwitchyardSdkError('BAD_RESPONSE', `the server sent a malformed "${event}" event: ${problem}`);
}

/**
 * Reads one stream event (protocol: packages/server/docs/sdk-stream.md). Returns undefined for
 * event types this client does not know, so the server can add some; throws BAD_RESPONSE for a
 * known event that is malformed.
 */
export function readStreamMessage(event: string, data: string): StreamMessage | undefined {
  if (event !== 'flagset' && event !== 'change') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    throw badMessage(event, 'data is not JSON');
  }
  if (!isRecord(body)) throw badMessage(event, 'data is not a JSON object');
  if (!isVersion(body.version)) throw badMessage(event, '"version" must be a non-negative integer');
  if (event === 'flagset') {
    if (!isRecord(body.flagSet) || !isRecord(body.flagSet.flags)) {
      throw badMessage(event, '"flagSet" must be a flag set document with a "flags" object');
    }
    const etag = typeof body.etag === 'string' ? body.etag : undefined;
    return {
      type: 'flagset',
      version: body.version,
      etag,
      document: body.flagSet as unknown as FlagSetDocument,
    };
  }
  if (!isVersion(body.previousVersion))
    throw badMessage(event, '"previousVersion" must be a non-negative integer');
  if (!isRecord(body.flags)) throw badMessage(event, '"flags" must be an object');
  for (const [key, definition] of Object.entries(body.flags)) {
    if (definition !== null && !isRecord(definition)) {
      throw badMessage(event, `flag "${key}" must be a flag definition or null`);
    }
  }
  return {
    type: 'change',
    version: body.version,
    previousVersion: body.previousVersion,
    flags: body.flags as Record<string, FlagDefinition | null>,
  };
}
