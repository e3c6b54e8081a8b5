# presence-kit: a two-stage image. The build stage installs every dependency and runs
# `npm run build`; the runtime stage holds only dist/ (the bundled server, the native SVG renderer,
# the font files the cards read), public/ and playground/, run by plain `node` as a non-root user.
#   docker build -t presence-kit .
#   docker run -p 4001:4001 -e BOT_TOKEN=<token> -v presence-data:/app/.data presence-kit
# See README.md#container.

FROM node:24-bookworm-slim AS build
# A CA bundle for npm behind a TLS-inspecting proxy (unset, it changes nothing).
ARG NPM_CONFIG_CAFILE
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim
# Lanyard's port, so a Lanyard compose file or `docker run -p 4001:4001` works unchanged.
# STORAGE stays unset: its default, fs:./.data, is the volume below, and Lanyard's REDIS_HOST
# (which applies only when STORAGE is unset) still switches to Redis.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4001
WORKDIR /app
RUN groupadd --gid 10001 presence \
 && useradd --uid 10001 --gid presence --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin presence \
 && mkdir /app/.data && chown presence:presence /app/.data
COPY --from=build /src/dist ./dist
COPY --from=build /src/public ./public
COPY --from=build /src/playground ./playground
USER presence
VOLUME /app/.data
EXPOSE 4001
# Liveness, not readiness: an api process must not be restarted while Discord is away.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/livez`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself (it flushes storage, closes sockets with 1001).
CMD ["node", "dist/server/index.mjs"]
