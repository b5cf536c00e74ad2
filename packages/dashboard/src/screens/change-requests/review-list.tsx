import type { Review } from '../../api/types.js';

const did: Record<Review['kind'], string> = {
  approve: 'approved',
  reject: 'rejected',
  comment: 'commented',
  edit: 'edited the change',
};

/** Everything done on the request, oldest first: approvals, rejections, comments, edits. */
export function ReviewList({ reviews, revision }: { reviews: readonly Review[]; revision: number }) {
  return (
    <section className="panel" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Approvals and comments</h2>
      {reviews.length === 0 ? (
        <p className="muted">No reviews or comments yet.</p>
      ) : (
        <ol className="audit">
          {reviews.map((review, i) => (
            <li key={i}>
              <time dateTime={review.at}>{new Date(review.at).toLocaleString()}</time>{' '}
              <strong>{review.actor.name}</strong>
              {review.role && ` (${review.role})`} {did[review.kind]}
              {review.kind === 'approve' &&
                review.revision !== revision &&
                ' an earlier revision (no longer counts)'}
              {review.comment && (
                <>
                  : <q>{review.comment}</q>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
