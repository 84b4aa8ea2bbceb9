#!/usr/bin/env bash
# Makes podman usable on a CI machine with no Docker engine, no systemd and no registry access
# (see README "Air-gapped CI"): installs it from the distribution when missing and applies the
# two engine settings such machines need. Needs root; does nothing that is already done.
set -euo pipefail

if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "podman is missing and this is not root: install podman, runc and debootstrap" >&2; exit 1; }
  echo "container-smoke: installing podman, runc, debootstrap" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null; }
fi

# crun fails with "cgroups in hybrid mode not supported" and the default nofile limit cannot be
# raised without CAP_SYS_RESOURCE here; runc + cgroupfs + limits within the hard limit work.
conf=/etc/containers/containers.conf
if [ "$(id -u)" = 0 ] && ! grep -q 'thread-sandbox' "$conf" 2>/dev/null; then
  nofile=$(ulimit -Hn)
  [ "$nofile" = unlimited ] || [ "$nofile" -gt 20000 ] && nofile=20000
  mkdir -p /etc/containers
  if [ -s "$conf" ]; then
    echo "container-smoke: $conf exists; leaving it as it is" >&2
  else
    cat >"$conf" <<CONF
# written by thread-sandbox scripts/container/setup-podman.sh
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
  fi
fi
