# syntax=docker/dockerfile:1
# Bloom's API image. Stage 1 compiles TypeScript with the full toolchain; stage 2 holds only the
# compiled dist/ and the production dependencies, and runs as the unprivileged `node` user.
#   docker build -t bloom-api .                        (docker compose builds it for you)
#   docker run --rm bloom-api node dist/cli.js migrate  (migrations need no TypeScript toolchain)
ARG NODE_IMAGE=node:26-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json .swcrc ./
COPY scripts ./scripts
COPY migrations ./migrations
COPY src ./src
# Regenerates src/metadata.ts (OpenAPI metadata from the DTOs), then compiles src/ and migrations/.
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Native modules (argon2) come prebuilt for glibc, so the slim image needs no compiler.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
