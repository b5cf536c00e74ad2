import { useId, useState } from 'react';
import { ApiError } from '../../api/api-error.js';
import { isRequester, mayApply, mayCancel, mayReview } from '../../api/change-request-access.js';
import { changeRequestPath } from '../../api/change-requests.js';
import { api } from '../../api/client.js';
import type { ApprovalPolicy, ChangeRequest } from '../../api/types.js';
import { describeError } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';

/** What a refusal means here: 412 is the one a person must act on (reload, or edit to re-plan). */
function explain(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 412) {
    return `Refused (412 Precondition Failed): ${failure.describe()}. Nothing was changed.`;
  }
  if (failure instanceof ApiError) return `Refused (${failure.status}): ${failure.describe()}`;
  return describeError(failure);
}

/**
 * Approve, Reject, Comment, Apply (now or at a time, or no longer at that time) and Cancel, each shown only to whom the server
 * would allow it; a requester sees Approve and Reject disabled, with the reason. Every action sends
 * the version shown (If-Match), so a request that changed meanwhile is refused, not reviewed blind.
 */
export function ReviewActions({
  request,
  policies,
  onChanged,
}: {
  request: ChangeRequest;
  policies: ReadonlyMap<string, ApprovalPolicy | null>;
  onChanged: () => void;
}) {
  const { actor, project } = useApp();
  const commentId = useId();
  const reasonId = useId();
  const applyAtId = useId();
  const [comment, setComment] = useState('');
  const [applyAt, setApplyAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const open = request.status === 'pending' || request.status === 'approved';
  const review = mayReview(actor, request, policies);
  const own = isRequester(actor, request);
  const applicable = open && mayApply(actor, request);
  const approvedAlready = actor.id !== undefined && request.approvals.some((a) => a.id === actor.id);

  const act = async (path: string, body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api.request<ChangeRequest>('POST', `${changeRequestPath(project, request.id)}${path}`, body, {
        'if-match': `"${request.version}"`,
      });
      setNotice(done);
      if (path === '/comments' || path === '/approve' || path === '/reject') setComment('');
    } catch (failure) {
      setError(explain(failure));
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const withComment = () => (comment.trim() ? { comment: comment.trim() } : {});

  return (
    <section className="panel" aria-labelledby="review-title">
      <h2 id="review-title">Review</h2>
      <div className="field">
        <label htmlFor={commentId}>Your comment</label>
        <textarea id={commentId} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <div className="actions">
        {(review.allowed || (open && own)) && (
          <>
            <button
              type="button"
              className="primary"
              disabled={!review.allowed || approvedAlready || busy}
              aria-describedby={review.allowed ? (approvedAlready ? reasonId : undefined) : reasonId}
              onClick={() => void act('/approve', withComment(), 'You approved this change request.')}
            >
              Approve
            </button>
            <button
              type="button"
              className="danger"
              disabled={!review.allowed || busy}
              aria-describedby={review.allowed ? undefined : reasonId}
              onClick={() => void act('/reject', withComment(), 'You rejected this change request.')}
            >
              Reject
            </button>
          </>
        )}
        <button
          type="button"
          disabled={busy || comment.trim() === ''}
          onClick={() => void act('/comments', { text: comment.trim() }, 'Comment added.')}
        >
          Comment
        </button>
        {applicable && request.status === 'approved' && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void act('/apply', {}, 'Applied: the change is live.')}
          >
            Apply
          </button>
        )}
        {mayCancel(actor, request) && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act('/cancel', {}, 'The change request was withdrawn.')}
          >
            Withdraw request
          </button>
        )}
      </div>
      {!review.allowed && open && (
        <p id={reasonId} className="muted">
          {review.reason}
        </p>
      )}
      {review.allowed && approvedAlready && (
        <p id={reasonId} className="muted">
          You approved this revision.
        </p>
      )}
      {applicable && (
        <form
          className="inline-form"
          aria-label="Schedule the apply"
          onSubmit={(e) => {
            e.preventDefault();
            const at = new Date(applyAt);
            if (Number.isNaN(at.getTime())) return setError('Apply at: pick a date and time.');
            void act(
              '/apply',
              { applyAt: at.toISOString() },
              `It will be applied at ${at.toLocaleString()}, once approved.`,
            );
          }}
        >
          <span className="field">
            <label htmlFor={applyAtId}>Apply at (your time zone)</label>
            <input
              id={applyAtId}
              type="datetime-local"
              value={applyAt}
              required
              onChange={(e) => setApplyAt(e.target.value)}
            />
          </span>
          <button type="submit" disabled={busy || applyAt === ''}>
            Schedule apply
          </button>
          {request.applyAt !== null && (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void act('/apply', { applyAt: null }, 'The scheduled apply was cleared: apply it by hand.')
              }
            >
              Clear schedule
            </button>
          )}
        </form>
      )}
      <Notice>{notice}</Notice>
      <ErrorAlert error={error} />
    </section>
  );
}
