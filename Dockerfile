# summit-graph as a container image (README, "Deploying"). Not built on the
# machine it was written on (no Docker there); test/stack/image.stack.ts
# checks that it runs what `npm run stack` runs for each replica.
#
#   docker build -t summit-graph .
#   docker run --rm -p 4000:4000 -e TRUST_PROXY=false summit-graph
#   docker compose up          # two replicas behind nginx (compose.yaml)

# Install: every dependency, from the lockfile; npm ci's postinstall applies
# patches/ (patches/README.md) and fails the build if a patch does not apply.
# Only the package files and patches/ are copied, so this layer is rebuilt
# when dependencies change, not when the sources do.
FROM node:24-bookworm-slim AS install
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund

# Build: the checks that need the dev dependencies (types, the data, the
# printed schema). Nothing is compiled: Node 24 runs the TypeScript in src/
# itself (type stripping).
FROM install AS build
COPY . .
RUN npm run --silent typecheck \
 && npm run --silent fixtures:check \
 && npm run --silent schema -- --check

# Production dependencies only: the installed (patched) node_modules with
# the dev dependencies pruned. Not `npm ci --omit=dev`: patch-package is a
# dev dependency, and without it the postinstall cannot run.
FROM install AS deps
RUN npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# Run: the checked sources, production dependencies, a user without
# privileges. `node` itself is PID 1 (no npm, no shell in between), so
# SIGTERM reaches the server, which turns not-ready and drains
# (DRAIN_SECONDS) before it exits.
FROM node:24-bookworm-slim
# The replica's environment in `npm run stack` (scripts/stack.ts
# REPLICA_ENV), and where to listen in a container. TRUST_PROXY=true: run
# it behind a proxy that sets X-Forwarded-For (deploy/nginx.conf does), or
# set TRUST_PROXY=false when clients reach it directly.
ENV NODE_ENV=production TRUST_PROXY=true HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/README.md /app/schema.graphql ./
COPY --from=build /app/src ./src
COPY --from=build /app/fixtures ./fixtures
COPY --from=build /app/examples ./examples
USER node
EXPOSE 4000
# Ready = takes requests; 503 from the moment SIGTERM arrives.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "src/server.ts"]
