import { locatePeer } from '@switchyard/testkit';

/** `<peers>/flagd/samples` (flagd's own example flag files), or null after a visible skip message. */
export function flagdSamplesDir(): string | null {
  return locatePeer('flagd/samples', "CLI tests against flagd's sample flag files");
}
