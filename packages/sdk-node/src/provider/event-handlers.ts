import type {
  AnyProviderEvent,
  EventContext,
  EventHandler,
  Logger,
  ProviderEventEmitter,
  ServerProviderEvents,
} from '@openfeature/server-sdk';

/**
 * The provider's events, as OpenFeature's `OpenFeatureEventEmitter` delivers them: handlers run in
 * the order they were added, synchronously within `emit` (on a snapshot of the list, so a handler
 * that adds or removes one changes the next event, not this one), and an error a handler throws or
 * rejects with is logged, never thrown to the emitter. What differs is the cost: OpenFeature wraps
 * every handler in a generator-based async function, about 4 µs an event a handler, which a change
 * reaching thousands of providers in one process pays thousands of times (bench/sdk-propagation).
 */
export class EventHandlers implements ProviderEventEmitter<ServerProviderEvents> {
  /** Replaced, never changed in place: an emit goes through the list as it was when it began. */
  readonly #handlers = new Map<AnyProviderEvent, readonly EventHandler[]>();
  #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  emit(eventType: ServerProviderEvents, context?: EventContext): void {
    const handlers = this.#handlers.get(eventType);
    if (handlers === undefined) return;
    for (const handler of handlers) this.#run(handler, context);
  }

  #run(handler: EventHandler, context: EventContext | undefined): void {
    try {
      const result = (handler as (details?: EventContext) => unknown)(context);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function')
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) => this.#failed(error));
    } catch (error) {
      this.#failed(error);
    }
  }

  #failed(error: unknown): void {
    try {
      this.#logger.error('switchyard: an event handler failed:', error);
    } catch {
      // A logger that throws loses the message, never the event.
    }
  }

  addHandler(eventType: AnyProviderEvent, handler: EventHandler): void {
    const handlers = this.#handlers.get(eventType);
    this.#handlers.set(eventType, handlers === undefined ? [handler] : [...handlers, handler]);
  }

  /** Removes the handler's last registration for the event type, as OpenFeature's emitter does. */
  removeHandler(eventType: AnyProviderEvent, handler: EventHandler): void {
    const handlers = this.#handlers.get(eventType);
    const index = handlers?.lastIndexOf(handler) ?? -1;
    if (index < 0) return;
    const rest = handlers!.filter((_, i) => i !== index);
    if (rest.length === 0) this.#handlers.delete(eventType);
    else this.#handlers.set(eventType, rest);
  }

  removeAllHandlers(eventType?: AnyProviderEvent): void {
    if (eventType === undefined) this.#handlers.clear();
    else this.#handlers.delete(eventType);
  }

  getHandlers(eventType: AnyProviderEvent): EventHandler[] {
    return [...(this.#handlers.get(eventType) ?? [])];
  }

  setLogger(logger: Logger): this {
    this.#logger = logger;
    return this;
  }
}
