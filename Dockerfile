# The assistant as a container: the same install and build as CI (.ci/run: npm ci, npm run build),
# then only what runs, as a non-root user. The PDF's fonts come from npm (@fontsource), so the
# slim image needs no font package. Build: docker build -t parole-intake .

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles itself when no prebuilt binary fits: the toolchain stays in this stage.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# The lock file and the stand-in spdy that package.json's overrides points at, then the install.
COPY package.json package-lock.json ./
COPY tools/spdy-absent ./tools/spdy-absent
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY dialogs ./dialogs
COPY locales ./locales
# tsc into dist/, then the widget into dist/widget/widget.js; then the dev dependencies go.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/var/lib/intake/data \
    KEYS_DIR=/var/lib/intake/keys
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/tools/spdy-absent ./tools/spdy-absent
COPY --from=build /app/dist ./dist
# Read at run time from the project's folders: the catalogs (paralegals edit them), the demo page.
COPY --from=build /app/locales ./locales
COPY --from=build /app/src/web/demo.html /app/src/web/favicon.svg ./src/web/
# The store and its keys, each a volume of its own: a backup of the data does not carry its key.
RUN mkdir -p /var/lib/intake/data /var/lib/intake/keys \
  && chown node:node /var/lib/intake/data /var/lib/intake/keys \
  && chmod 700 /var/lib/intake/data /var/lib/intake/keys
USER node
VOLUME ["/var/lib/intake/data", "/var/lib/intake/keys"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/index.js"]
