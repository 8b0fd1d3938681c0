# The sockgrade grader image: Debian slim, Node 20, Python 3 for the students' programs, bubblewrap for the sandbox.
#
#   docker build -t sockgrade .
#   docker run --rm -v "$PWD:/work" sockgrade batch class/ -a uppercase-udp --out results/ --seed 2026
#
# The sandbox (--isolation sandbox, what auto picks where it works) needs user namespaces and a fresh /proc, which
# Docker refuses by default: add --security-opt seccomp=unconfined --security-opt apparmor=unconfined
# --security-opt systempaths=unconfined to `docker run`, or grade with --isolation host (the container is then the
# boundary). --isolation auto falls back to host by itself and says so on stderr. docs/batch/README.md has the details.
FROM node:20-bookworm-slim

# python3 runs the students' programs; bubblewrap builds the sandbox; util-linux brings prlimit (the sandbox's limits)
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 bubblewrap util-linux \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/sockgrade

# Dependencies first, so editing the sources does not re-run npm ci. No scripts: "prepare" builds, and the sources
# are not here yet (no dependency has an install script)
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json rubric.yaml ./
COPY grader ./grader
COPY assignments ./assignments
COPY reference ./reference
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && chmod 755 dist/grader/bin.js \
 && ln -s /opt/sockgrade/dist/grader/bin.js /usr/local/bin/sockgrade \
 && npm cache clean --force

# Debian's python3, launched directly (no version-manager shim); nothing written into the submissions
ENV PYTHONDONTWRITEBYTECODE=1

# Grade as the image's unprivileged user (node, uid 1000), in the folder the class is mounted on
RUN mkdir /work && chown node:node /work
USER node
WORKDIR /work
ENTRYPOINT ["sockgrade"]
CMD ["--help"]
