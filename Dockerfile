# Confab on plain Node with one SQLite file (docs/self-host.md, "Docker"). Two stages: the build
# (every package, the widget and dashboard built into dist/, then the dev packages removed), and
# the image that runs it as the unprivileged `node` user, its data in the volume /data.
# test/node/dockerfile.test.ts runs these steps in a clean clone when no Docker daemon is there.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Dev packages and the optional Node binaries npm ci brought for the build (the image has its Node).
RUN npm run build && npm prune --omit=dev --omit=optional --no-audit --no-fund

FROM node:22-slim
ENV NODE_ENV=production DATA_DIR=/data HOST=0.0.0.0 PORT=8787
# The code belongs to root and is read-only for the server; only /data is its own.
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
VOLUME /data
# The working folder is the volume: a .env the first start writes (random ADMIN_TOKEN and
# HASH_SECRET, when none is given with -e) stays with the database.
WORKDIR /data
USER node
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1, so SIGTERM (docker stop) reaches the server's graceful shutdown.
CMD ["node", "--disable-warning=ExperimentalWarning", "/app/worker/node/serve.ts"]
