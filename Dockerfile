# thread-sandbox as a container: both APIs and the control plane on 0.0.0.0:8160, data in /data.
#   docker build -t thread-sandbox .
#   docker run --rm -p 8160:8160 -v thread-sandbox-data:/data thread-sandbox
# NODE_IMAGE may name any Debian-based Node 20.19+ image (e.g. a mirror in an air-gapped registry).
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: full dependency tree, compile, then drop the dev dependencies
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the prepare script builds, and the sources are not copied yet (the build step follows).
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
# The build writes the parsed specs beside the code (scripts/build-specs.mjs) so a start skips the YAML,
# and bundles the CLI into one file (scripts/bundle-cli.mjs) so a start skips resolving ~600 modules.
COPY specs ./specs
COPY scripts/build-specs.mjs scripts/bundle-cli.mjs ./scripts/
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies, the build, the specs and fixtures; nothing else
FROM ${NODE_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="thread-sandbox" \
      org.opencontainers.image.description="Offline mock/sandbox server for the Execution Threads v1 and Agentry Threads v0 APIs, driven by their OpenAPI 3.1 specs" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.documentation="https://github.com/thread-sandbox/thread-sandbox#docker"

# Configuration is by environment variable only (see README, "Configuration").
ENV NODE_ENV=production \
    PORT=8160 \
    SANDBOX_HOST=0.0.0.0 \
    SANDBOX_DATA=/data/db.json

WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY specs ./specs
COPY fixtures ./fixtures
# The live page at /__sandbox/ is read from here.
COPY live-page ./live-page
# SANDBOX_CONFIG files are validated against it at start.
COPY sandbox.config.schema.json ./
# A named volume starts as a copy of this directory, so it is writable by the node user.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8160

# node itself, no curl in the image; health stays open even when an admin token is set.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT||8160}${process.env.SANDBOX_ADMIN_PREFIX||'/__sandbox'}/health`).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# node is PID 1 and the CLI stops cleanly on SIGTERM (in-flight requests, pending writes); never
# start it through npm, which would not pass the signal on.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=4", "dist/cli.js"]
