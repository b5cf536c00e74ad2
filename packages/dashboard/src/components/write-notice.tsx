import type { ReactNode } from 'react';
import { heldChangeRequest } from '../api/change-requests.js';
import { Link } from '../router.js';

/**
 * What a write's answer means for a person: `done` when it committed, or, when the server held it
 * for approval (202), that a change request was opened, with a link to it: nothing changed yet.
 */
export function writeNotice(answer: unknown, done: ReactNode): ReactNode {
  const request = heldChangeRequest(answer);
  if (!request) return done;
  const where = request.environments.length > 0 ? ` in ${request.environments.join(', ')}` : '';
  return (
    <>
      Not applied yet: changes{where} need approval.{' '}
      <Link href={`/change-requests/${encodeURIComponent(request.id)}`}>
        Change request {request.id.slice(0, 8)}
      </Link>{' '}
      was opened for it.
    </>
  );
}
