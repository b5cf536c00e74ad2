# syntax=docker/dockerfile:1
# Switchyard server image: `docker build -t switchyard .` (guide: packages/server/docs/deploy.md).
ARG NODE_VERSION=20

# Build: every workspace compiled with the locked dependencies, then the dev dependencies pruned.
FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 compiles its native module when no prebuilt binary fits the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages/ packages/
# The lockfile pins every version; install scripts run for native modules, `prepare` builds.
RUN npm install --no-audit --no-fund
# The TypeScript build of every package, then any package's own build step (the dashboard's bundle).
RUN npm run build && npm run build --workspaces --if-present
RUN npm prune --omit=dev --no-audit --no-fund \
  && rm -rf packages/*/src packages/*/test packages/*/*.tsbuildinfo packages/testkit packages/sdk-web packages/sdk-node

# Run: the compiled packages and production dependencies only, as an unprivileged user.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=8080 \
  SWITCHYARD_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/packages/ packages/
# The data directory (SQLite, when no PostgreSQL is configured) belongs to the `node` user (uid 1000).
RUN mkdir -p /data && chown 1000:1000 /data
VOLUME ["/data"]
USER 1000:1000
# HTTP: admin API, OFREP, SDK streams, /metrics, health, and flagd's gRPC services (h2c) on the same port.
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The server shuts down gracefully on SIGTERM within SWITCHYARD_SHUTDOWN_GRACE_PERIOD_MS (25 s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/packages/cli/bin/switchyard.js"]
CMD ["serve"]
