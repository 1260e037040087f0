# syntax=docker/dockerfile:1
# footnote: the Discord bot (DISCORD_TOKEN set) or the question prompt, from a build in dist/.
#   docker build -t footnote .
#   docker compose up -d            # see compose.yaml and the README's "Running it on a server"
ARG NODE_VERSION=24

# --- build: the C++ toolchain and Python (for hnswlib-node and better-sqlite3), tests' tools ---
FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /app
# onnxruntime-node's CUDA download is denied in package.json's allowScripts; this covers an npm
# too old to read allowScripts.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
# `npm ci` compiles the native addons and, in postinstall, builds the offline model into models/.
RUN npm ci && npm run build && npm prune --omit=dev

# --- runtime: no compiler, no sources, not root ---
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    MODEL_CACHE_DIR=/app/data/model-cache
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/models ./models
COPY corpus ./corpus
RUN mkdir -p index data && chown node:node index data
USER node
# corpus: your papers (mount read-only); index: rebuilt when missing; data: feedback and settings (SQLite).
VOLUME ["/app/corpus", "/app/index", "/app/data"]
CMD ["node", "dist/main.js"]
