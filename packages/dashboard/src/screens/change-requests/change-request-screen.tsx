import { isRequester } from '../../api/change-request-access.js';
import { changeRequestPath } from '../../api/change-requests.js';
import type { ChangeRequest } from '../../api/types.js';
import { useApprovalPolicies } from '../../api/use-approval-policies.js';
import { useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { Link } from '../../router.js';
import { approvalCount, shortId } from './describe-request.js';
import { EditCommand } from './edit-command.js';
import { PlanView } from './plan-view.js';
import { ReviewActions } from './review-actions.js';
import { ReviewList } from './review-list.js';

function When({ at }: { at: string }) {
  return <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
}

/** One change request: its status, the diff it would make, its reviews, and what you may do with it. */
export default function ChangeRequestScreen({ id }: { id: string }) {
  const { actor, project } = useApp();
  const resource = useResource<ChangeRequest>(changeRequestPath(project, id));
  const request = resource.data?.id === id ? resource.data : undefined;
  const policies = useApprovalPolicies(project, request?.environments ?? []);
  return (
    <section aria-labelledby="change-request-title">
      <p>
        <Link href="/change-requests">← Change requests</Link>
      </p>
      <h1 id="change-request-title">Change request {shortId(id)}</h1>
      <ErrorAlert error={resource.error} />
      <ErrorAlert error={policies.error} />
      {request && (
        <>
          <dl className="facts">
            <dt>Status</dt>
            <dd data-testid="change-request-status">{request.status}</dd>
            <dt>Environments</dt>
            <dd>{request.environments.join(', ')}</dd>
            <dt>Requested by</dt>
            <dd>
              {request.requestedBy.name}, <When at={request.createdAt} />
            </dd>
            <dt>Approvals</dt>
            <dd>
              {approvalCount(request)}
              {request.approvals.length > 0 && ` (${request.approvals.map((a) => a.name).join(', ')})`}
            </dd>
            <dt>Revision</dt>
            <dd>{request.revision}</dd>
            {request.applyAt && (
              <>
                <dt>Apply at</dt>
                <dd>
                  <When at={request.applyAt} />
                  {request.status !== 'applied' && ' (once approved)'}
                </dd>
              </>
            )}
            {request.appliedAt && (
              <>
                <dt>Applied</dt>
                <dd>
                  <When at={request.appliedAt} />
                  {request.appliedBy && ` by ${request.appliedBy.name}`}
                </dd>
              </>
            )}
            <dt>Id</dt>
            <dd>
              <code>{request.id}</code>
            </dd>
          </dl>
          <PlanView request={request} />
          {policies.policies && (
            <ReviewActions request={request} policies={policies.policies} onChanged={resource.reload} />
          )}
          {isRequester(actor, request) && (request.status === 'pending' || request.status === 'approved') && (
            <EditCommand request={request} onChanged={resource.reload} />
          )}
          <ReviewList reviews={request.reviews} revision={request.revision} />
        </>
      )}
    </section>
  );
}
