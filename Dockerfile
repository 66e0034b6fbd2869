FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY drizzle ./drizzle
COPY seeds ./seeds
COPY src ./src
EXPOSE 4000
# Runs the TypeScript through tsx: no build step, the same entry point as `npm start`.
CMD ["node_modules/.bin/tsx", "src/cli.ts", "serve"]
