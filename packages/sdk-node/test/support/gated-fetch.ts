/**
 * A fetch that holds requests while the gate is closed, so a test can make changes on the server
 * while a provider is provably away, then let it reconnect.
 */
export class GatedFetch {
  #open = true;
  #waiters: Array<() => void> = [];

  readonly fetch: typeof fetch = async (input, init) => {
    while (!this.#open) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return fetch(input, init);
  };

  close(): void {
    this.#open = false;
  }

  open(): void {
    this.#open = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
