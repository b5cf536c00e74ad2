/** What `/` answers when the dashboard has not been built: no script, no style, just how to build it. */
export function notBuiltPage(dir: string): string {
  const escaped = dir.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Switchyard: the dashboard is not built</title></head>
<body>
<h1>The Switchyard dashboard is not built</h1>
<p>The server looked for it in <code>${escaped}</code> and found no <code>index.html</code>.</p>
<p>Build it from the repository root with <code>npm run build -w @switchyard/dashboard</code>,
or point the server at a build with <code>SWITCHYARD_DASHBOARD_DIR</code> (the <code>dashboardDir</code> option),
then restart the server.</p>
<p>The admin API works without it: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body>
</html>
`;
}
