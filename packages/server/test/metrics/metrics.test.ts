import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/metrics/metrics.js';
import { escapeLabelValue } from '../../src/metrics/prometheus-text.js';
import { ofrepFixture, postJson } from '../ofrep/fixtures.js';
import { envRef, type SdkTestServer, startSdkTestServer } from '../support/sdk-test-server.js';

describe('Metrics', () => {
  it('counts evaluations by flag, variant and reason, errors by code', () => {
    const metrics = new Metrics();
    const env = envRef('dev');
    metrics.recordEvaluation(env, 'a', 'STATIC', 'on', undefined);
    metrics.recordEvaluation(env, 'a', 'STATIC', 'on', undefined);
    metrics.recordEvaluation(env, 'a', 'TARGETING_MATCH', 'off', undefined);
    metrics.recordEvaluation(env, '', 'ERROR', undefined, 'FLAG_NOT_FOUND');
    const text = metrics.render([]);
    expect(text).toContain(
      'switchyard_flag_evaluations_total{project="default",environment="dev",flag="a",variant="on",reason="STATIC",error_code=""} 2',
    );
    expect(text).toContain('flag="a",variant="off",reason="TARGETING_MATCH",error_code=""} 1');
    expect(text).toContain('flag="",variant="",reason="ERROR",error_code="FLAG_NOT_FOUND"} 1');
  });

  it('counts results (recordResult) in the same series, per flag and environment, and tells listeners', () => {
    const metrics = new Metrics();
    const heard: string[] = [];
    metrics.onEvaluation({
      record: (environmentId, flag) => heard.push(`${environmentId}/${flag}`),
      recordAll: () => {
        throw new Error('no bulk evaluation here');
      },
    });
    const on = Object.freeze({ value: true, variant: 'on', reason: 'STATIC' as const, flagMetadata: {} });
    const built = { reason: 'ERROR' as const, errorCode: 'GENERAL' as const, flagMetadata: {} };
    for (let i = 0; i < 3; i++) metrics.recordResult(envRef('dev'), 'a', on);
    // The same result object under another flag or environment is counted there, not under 'a'/dev.
    metrics.recordResult(envRef('dev'), 'b', on);
    metrics.recordResult(envRef('prod'), 'a', on);
    metrics.recordResult(envRef('dev'), 'a', on);
    metrics.recordEvaluation(envRef('dev'), 'a', 'STATIC', 'on', undefined);
    metrics.recordResult(envRef('dev'), 'a', built);
    metrics.recordResult(envRef('dev'), 'a', built);
    const text = metrics.render([]);
    expect(text).toContain('environment="dev",flag="a",variant="on",reason="STATIC",error_code=""} 5');
    expect(text).toContain('environment="dev",flag="b",variant="on",reason="STATIC",error_code=""} 1');
    expect(text).toContain('environment="prod",flag="a",variant="on",reason="STATIC",error_code=""} 1');
    expect(text).toContain('environment="dev",flag="a",variant="",reason="ERROR",error_code="GENERAL"} 2');
    expect(metrics.flagEvaluations('dev', 'a')).toEqual({ variants: { on: 5 }, errors: 2 });
    expect(heard.length).toBe(9);
    expect(heard.filter((h) => h === 'prod/a').length).toBe(1);
  });

  it('counts a bulk evaluation (recordResults) like its results one by one, telling listeners once', () => {
    const metrics = new Metrics();
    const heard: string[] = [];
    metrics.onEvaluation({
      record: (environmentId, flag) => heard.push(`one ${environmentId}/${flag}`),
      recordAll: (environmentId, flags) => heard.push(`all ${environmentId}/${flags.join(',')}`),
    });
    const on = Object.freeze({ value: true, variant: 'on', reason: 'STATIC' as const, flagMetadata: {} });
    const off = Object.freeze({ value: false, variant: 'off', reason: 'DEFAULT' as const, flagMetadata: {} });
    const built = { reason: 'ERROR' as const, errorCode: 'PARSE_ERROR' as const, flagMetadata: {} };
    metrics.recordResults(envRef('dev'), ['a', 'b', 'c'], [on, off, built]);
    metrics.recordResults(envRef('dev'), ['a', 'b', 'c'], [on, on, built]);
    metrics.recordResult(envRef('dev'), 'a', on);
    expect(metrics.flagEvaluations('dev', 'a')).toEqual({ variants: { on: 3 }, errors: 0 });
    expect(metrics.flagEvaluations('dev', 'b')).toEqual({ variants: { off: 1, on: 1 }, errors: 0 });
    expect(metrics.flagEvaluations('dev', 'c')).toEqual({ variants: {}, errors: 2 });
    const text = metrics.render([]);
    expect(text).toContain('environment="dev",flag="b",variant="off",reason="DEFAULT",error_code=""} 1');
    expect(text).toContain(
      'environment="dev",flag="c",variant="",reason="ERROR",error_code="PARSE_ERROR"} 2',
    );
    expect(heard).toEqual(['all dev/a,b,c', 'all dev/a,b,c', 'one dev/a']);
  });

  it('renders a cumulative request-duration histogram', () => {
    const metrics = new Metrics();
    metrics.observeHttp('POST', '/x', 200, 0.0003);
    metrics.observeHttp('POST', '/x', 200, 0.003);
    metrics.observeHttp('POST', '/x', 200, 20);
    const text = metrics.render([]);
    const labels = 'method="POST",route="/x",status_code="200"';
    expect(text).toContain(`switchyard_http_request_duration_seconds_bucket{${labels},le="0.0005"} 1`);
    expect(text).toContain(`switchyard_http_request_duration_seconds_bucket{${labels},le="0.005"} 2`);
    expect(text).toContain(`switchyard_http_request_duration_seconds_bucket{${labels},le="10"} 2`);
    expect(text).toContain(`switchyard_http_request_duration_seconds_bucket{${labels},le="+Inf"} 3`);
    expect(text).toContain(`switchyard_http_request_duration_seconds_count{${labels}} 3`);
    expect(text).toContain(`switchyard_http_request_duration_seconds_sum{${labels}} 20.0033`);
  });

  it('escapes label values', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});

describe('GET /metrics', () => {
  let server: SdkTestServer;
  beforeAll(async () => {
    server = await startSdkTestServer({ open: true });
    server.registry.publish(
      { environmentId: 'file', projectKey: 'file', environmentKey: 'file' },
      ofrepFixture,
      42,
    );
  });
  afterAll(() => server.close());

  it('exposes evaluations, request durations and config versions in Prometheus text format', async () => {
    await postJson(`${server.url}/ofrep/v1/evaluate/flags/bool-flag`, {});
    await postJson(`${server.url}/ofrep/v1/evaluate/flags/bool-flag`, {});
    await postJson(`${server.url}/ofrep/v1/evaluate/flags/unknown-flag`, {});
    await postJson(`${server.url}/ofrep/v1/evaluate/flags`, {});
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    // Two single evaluations plus one from the bulk request.
    expect(text).toContain('flag="bool-flag",variant="on",reason="STATIC",error_code=""} 3');
    expect(text).toContain('flag="disabled-flag",variant="",reason="DISABLED",error_code=""} 1');
    expect(text).toContain('flag="",variant="",reason="ERROR",error_code="FLAG_NOT_FOUND"} 1');
    expect(text).not.toContain('unknown-flag');
    expect(text).toMatch(
      /switchyard_http_request_duration_seconds_count\{method="POST",route="\/ofrep\/v1\/evaluate\/flags\/:key",status_code="200"\} 2/,
    );
    expect(text).toContain('switchyard_flagset_version{project="file",environment="file"} 42');
    expect(text).toContain(
      `switchyard_flagset_flags{project="file",environment="file"} ${Object.keys(ofrepFixture.flags).length}`,
    );
    // Every non-comment line is `name{labels} value`.
    for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{.*\})? [0-9.e+-]+$/);
    }
  });
});
