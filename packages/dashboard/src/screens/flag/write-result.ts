/** A write either committed, or waits for approval as a change request (202). */
export function pendingChangeRequest(answer: unknown): string | null {
  const request = (answer as { changeRequest?: { id?: string; status?: string } } | undefined)?.changeRequest;
  return request?.id ? `Change request ${request.id} is ${request.status ?? 'pending'} approval.` : null;
}
