/**
 * A firing Alertmanager notification (webhook payload version 4) naming `flag`, as Alertmanager
 * sends it. Each run gets its own fingerprint and start: the endpoint acts once per firing episode.
 */
export function firingAlert({ flag, run }) {
  const labels = {
    alertname: 'BenchErrorRate',
    flag,
    project: 'default',
    environment: 'production',
    severity: 'critical',
  };
  return {
    version: '4',
    groupKey: `{}/{flag=~".+"}:{alertname="BenchErrorRate", flag="${flag}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'switchyard',
    groupLabels: { alertname: labels.alertname, flag },
    commonLabels: labels,
    commonAnnotations: { summary: `kill-switch benchmark, run ${run}` },
    externalURL: 'http://alertmanager.invalid:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: `kill-switch benchmark, run ${run}` },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.invalid:9090/graph',
        fingerprint: `bench${Date.now().toString(16)}r${run}`,
      },
    ],
  };
}

/** POSTs the notification with Alertmanager's bearer credentials; resolves with the parsed 2xx answer. */
export async function sendAlert(baseUrl, token, payload) {
  const response = await fetch(`${baseUrl}/api/v1/integrations/alertmanager`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`the Alertmanager webhook answered ${response.status}: ${text}`);
  return JSON.parse(text);
}
