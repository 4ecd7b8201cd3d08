# Usher in a container: `docker build -t usher .` then
# `docker run -p 8787:8787 -v usher-data:/data usher` (embedded SQLite in /data), or
# `docker compose up` for Usher on PostgreSQL (compose.yaml).

# Build: native modules (better-sqlite3) compile here, and the widget is built.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build && npm prune --omit=dev --no-audit --no-fund

# Run: no compilers, not root, one volume for the SQLite file and .eml outbox.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8787 \
    USHER_DATA_DIR=/data \
    USHER_CONFIG=/app/usher.config.yaml
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8787
VOLUME ["/data"]
# The health check asks /health on a connection of its own; 503 means the database
# cannot be reached or writes fail.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) lets requests in flight finish; SIGHUP reloads the config.
STOPSIGNAL SIGTERM
CMD ["node", "bin/usher.mjs", "serve"]
