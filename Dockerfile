# Headroom's one image: the central (`start`, the default) and the edge agent (`edge-agent …`).
#   buildah bud -t ghcr.io/headroom/headroom:0.1.0 .      (or: docker build / podman build)
# Multi-stage: native modules (better-sqlite3) are compiled in the builder; the runtime stage has
# no compiler, no TypeScript sources, no dev dependencies; it runs the compiled dist/ (HEADROOM_TSX=0)
# as uid 10001 and works with a
# read-only root filesystem (writable: /tmp, and /data when the SQLite store is used).
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim

FROM ${NODE_IMAGE} AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# npm ci compiles better-sqlite3 and (its "prepare") the TypeScript to dist/
RUN npm ci --no-audit --no-fund
# drop the .ts sources and dev dependencies, check the compiled CLI answers --help
RUN bash scripts/build-image-app.sh /app

FROM ${NODE_IMAGE} AS runtime
# fonts for chart text (without them every glyph is an empty box); tini reaps and forwards signals
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fontconfig tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HEADROOM_TSX=0 \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    HEADROOM_DB=/data/headroom.db \
    HEADROOM_OPS_LISTEN=0.0.0.0:9464
WORKDIR /app
COPY --from=builder --chown=root:root /app /app
RUN mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
VOLUME ["/data"]
EXPOSE 9464 3000 7443
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/headroom.js"]
CMD ["start"]
