# Node 24, the current LTS. The code also runs on Node 20.19+ (package.json "engines"), which is
# what CI tests on; tests/deployment.test.ts checks this file's properties (no Docker engine there).

# Stage 1: the production dependencies, installed from the lock file. npm's cache and the build's
# scratch files stay in this stage.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Fixes to dependencies that npm ci applies (postinstall: patch-package).
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: what runs. tsx runs the TypeScript directly (the entry point of `npm start`), so there
# is no build step; the code and dependencies belong to root and are read-only to the app's user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY drizzle ./drizzle
COPY seeds ./seeds
COPY src ./src
# The one place the app writes to, for a run without DATABASE_URL (the embedded database).
RUN mkdir -p /app/.data && chown node:node /app/.data
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 4000
# /ready is 200 only while the database answers too (/health would be 200 with it gone).
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 4000}/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself with tsx as its loader: one process, which gets SIGTERM and finishes requests in
# flight (the tsx command would run node as a child of its own).
CMD ["node", "--import", "tsx", "src/cli.ts", "serve"]
