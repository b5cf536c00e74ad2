import { ConfigError } from '../config/server-config.js';

/** Sampler names of the OpenTelemetry environment specification that the server supports. */
const samplers = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof samplers)[number];

/** Tracing as the standard `OTEL_*` variables configure it; the exporter reads its own (endpoint, headers). */
export interface TracingConfig {
  sampler: SamplerName;
  /** OTEL_TRACES_SAMPLER_ARG: the ratio of the ratio samplers. */
  ratio: number;
  batch: {
    scheduledDelayMillis: number;
    exportTimeoutMillis: number;
    maxQueueSize: number;
    maxExportBatchSize: number;
  };
}

/**
 * Tracing is on only when OTEL_TRACES_EXPORTER names `otlp` (and OTEL_SDK_DISABLED is not true):
 * off by default. Every other value is refused by name, so a typo does not silently trace nothing.
 */
export function tracingConfigFromEnv(env: NodeJS.ProcessEnv): TracingConfig | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of exporters) {
    if (name !== 'otlp' && name !== 'none') {
      throw new ConfigError(
        `OTEL_TRACES_EXPORTER: "${name}" is not supported; use "otlp" (OTLP over HTTP) or "none"`,
      );
    }
  }
  if (!exporters.includes('otlp')) return undefined;
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol !== undefined && protocol !== '' && protocol !== 'http/json') {
    throw new ConfigError(
      `OTEL_EXPORTER_OTLP_PROTOCOL: "${protocol}" is not supported; the server sends OTLP as "http/json" (every OpenTelemetry Collector accepts it on its HTTP port, 4318)`,
    );
  }
  const sampler = (env.OTEL_TRACES_SAMPLER || 'parentbased_always_on') as SamplerName;
  if (!samplers.includes(sampler)) {
    throw new ConfigError(
      `OTEL_TRACES_SAMPLER: "${sampler}" is not supported; use one of ${samplers.join(', ')}`,
    );
  }
  const ratioText = env.OTEL_TRACES_SAMPLER_ARG;
  const ratio = ratioText === undefined || ratioText === '' ? 1 : Number(ratioText);
  if (!(ratio >= 0 && ratio <= 1)) {
    throw new ConfigError(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got ${ratioText}`);
  }
  const batch = {
    scheduledDelayMillis: whole(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000),
    exportTimeoutMillis: whole(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000),
    maxQueueSize: whole(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048),
    maxExportBatchSize: whole(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512),
  };
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    throw new ConfigError(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE (${batch.maxExportBatchSize}) must not exceed OTEL_BSP_MAX_QUEUE_SIZE (${batch.maxQueueSize})`,
    );
  }
  return { sampler, ratio, batch };
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${name} must be a whole number of at least 1, got ${JSON.stringify(text)}`);
  }
  return value;
}
