# syntax=docker/dockerfile:1
# The config-service server image. Build from the repository root:
#   docker build -t config-service .
# Stage 1 builds the workspace and writes a self-contained production folder with
# `pnpm deploy --prod` (the server, its production dependencies, and the workspace packages it
# uses, copied in). Stage 2 is that folder on a slim Node base, run as a non-root user.
# CI cannot run containers; packages/tests/src/deploy/deployed-folder.test.ts makes the same
# folder outside the repository and smoke-tests it with nothing but `node`.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
RUN npm install --global pnpm@12.4.2
WORKDIR /repo
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm exec turbo run build --filter=@config-service/server... \
 && pnpm --filter @config-service/server deploy --prod /app \
 && rm -f /app/pnpm-lock.yaml /app/pnpm-workspace.yaml

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    CONFIG_SERVICE_DATA_DIR=/data
# Owned by root and read-only to the server: only /data (the embedded SQLite file and the
# generated key files) is writable, so the root filesystem can be mounted read-only.
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
WORKDIR /app
EXPOSE 8080
VOLUME ["/data"]
# Readiness as the contract defines it: 503 while the database is away or while draining.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains (see README "Deploying"); give `docker stop -t` at least
# CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS (default 10 s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/dist/main.js"]
CMD ["serve"]
