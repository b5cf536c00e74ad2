/** A unit was served a variant of a flag (see assigned-variant.ts). */
export interface ExposureEvent {
  kind: 'exposure';
  flag: string;
  variant: string;
  targetingKey: string;
  /** Epoch ms. */
  timestamp: number;
}

/** A unit did something the application tracks (a conversion), through OpenFeature's `track`. */
export interface TrackEvent {
  kind: 'track';
  name: string;
  targetingKey: string;
  /** Optional finite number, e.g. the amount of a purchase. */
  value?: number;
  /** Epoch ms. */
  timestamp: number;
}

/** One entry of the body of `POST /sdk/v1/events`: `{ "events": SdkEvent[] }`. */
export type SdkEvent = ExposureEvent | TrackEvent;
