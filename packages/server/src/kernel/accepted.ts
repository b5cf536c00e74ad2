/**
 * Not an error to the caller: the request was accepted but its work was not done now (a change
 * held for approval). Thrown so that nothing commits; HTTP answers 202 with `body` and `Location`.
 */
export class Accepted extends Error {
  constructor(
    message: string,
    readonly location: string,
    readonly body: object,
  ) {
    super(message);
    this.name = 'Accepted';
  }
}
