# One image for the API and the worker; docker-compose.yml picks the command.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Two glibc malloc arenas instead of one per thread: each ended pdf.js reading thread otherwise
# leaves its arena's pages behind, and the worker's RSS climbs over jobs (see README, Benchmarks).
ENV MALLOC_ARENA_MAX=2
# Blocks of 128 KB and more from mmap, given back to the OS when freed. glibc otherwise raises this
# threshold to the largest block freed so far (up to 32 MB): after a job's layout (a 17 MB JSON text
# and its Postgres message for a 500-page document) such blocks come from the arenas and their pages
# stay behind. Layout bench, worker peak RSS after 10 jobs: 288-318 MB with it, 307-372 without.
ENV MALLOC_MMAP_THRESHOLD_=131072
COPY package.json package-lock.json ./
# The `node` devDependency is not needed in the image: the base image already runs Node 24.
RUN npm ci --omit=dev --no-audit --no-fund
COPY src ./src
COPY migrations ./migrations
COPY bin ./bin
COPY schema.graphql ./
USER node
EXPOSE 4000
# A small young generation keeps RSS flat over long documents (see README, Benchmarks).
CMD ["node", "--max-semi-space-size=4", "src/bin/api.ts"]
