#!/usr/bin/env bash
# Builds the real Dockerfile and proves the image works the way CI and users run it: health check,
# a public API call, a control-plane write, the data surviving a new container on the same volume,
# and a clean stop on SIGTERM within 2 s. Uses docker when an engine answers, else podman (set up
# as scripts/container/*.sh do when run as root on a machine without Docker or registry access).
# Usage: npm run test:container   (or scripts/container-smoke.sh; IMAGE=name:tag to pick the tag)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
image=${IMAGE:-thread-sandbox:ci}
run_id=$$
volume=thread-sandbox-smoke-$run_id
admin_token=smoke-admin-$run_id
containers=()
say() { echo "container-smoke: $*" >&2; }

if docker info >/dev/null 2>&1; then
  engine=docker
  build_flags=()
  # docker schedules the health check itself; a short interval makes "healthy" quick to reach.
  run_flags=(--health-interval=1s --health-start-period=30s)
else
  engine=podman
  bash scripts/container/setup-podman.sh
  podman image exists node:22-bookworm-slim || bash scripts/container/stand-in-base-image.sh node:22-bookworm-slim
  # --pull=never: the base image is local (real or stand-in); --format docker keeps HEALTHCHECK.
  build_flags=(--pull=never --format docker)
  run_flags=()
fi

cleanup() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    for c in "${containers[@]}"; do
      say "FAILED; logs of $c:"
      $engine logs "$c" >&2 2>&1 || true
    done
  fi
  for c in "${containers[@]}"; do $engine rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
  $engine volume rm -f "$volume" >/dev/null 2>&1 || true
  [ -z "${config_dir:-}" ] || rm -rf "$config_dir"
  exit "$rc"
}
trap cleanup EXIT

fail() { say "FAILED: $*"; exit 1; }

# http METHOD URL [JSON] -> sets $status and $body
http() {
  local out
  out=$(curl -s -m 10 -X "$1" -w '\n%{http_code}' -H 'Api-Token: smoke' -H "Authorization: Bearer $admin_token" \
    ${3:+-H 'content-type: application/json' --data "$3"} "$2") || { status=000; body=''; return 0; }
  status=${out##*$'\n'}
  body=${out%$'\n'*}
}

expect() { # expect STATUS PATTERN WHAT
  [ "$status" = "$1" ] || fail "$3: expected $1, got $status: $body"
  [[ "$body" == *$2* ]] || fail "$3: body does not contain $2: $body"
  say "ok: $3"
}

# start NAME [RUN ARGS...]: runs the image on the shared volume, waits for the health check, sets $base
start() {
  local name=$1
  shift
  containers+=("$name")
  # podman without systemd logs that it cannot schedule the health check timer; the check itself
  # is run by hand below, so that message is only shown when run itself fails.
  $engine run -d --name "$name" -p 127.0.0.1::8160 -v "$volume:/data" \
    "$@" "${run_flags[@]}" "$image" >/dev/null 2>"/tmp/$name.run.log" \
    || { cat "/tmp/$name.run.log" >&2; fail "$engine run"; }
  rm -f "/tmp/$name.run.log"
  base="http://$($engine port "$name" 8160 | head -1)"
  base=${base/0.0.0.0/127.0.0.1}
  local deadline=$((SECONDS + 60))
  until healthy "$name"; do
    [ "$($engine inspect --format '{{.State.Running}}' "$name")" = true ] || fail "$name exited"
    [ $SECONDS -lt $deadline ] || fail "$name not healthy after 60 s"
    sleep 0.5
  done
  say "ok: $name healthy on $base"
}

healthy() {
  if [ $engine = podman ]; then
    podman healthcheck run "$1" >/dev/null 2>&1
  else
    [ "$(docker inspect --format '{{.State.Health.Status}}' "$1")" = healthy ]
  fi
}

# stop NAME: SIGTERM, and the process must exit by itself (exit 0) within 2 s
stop_cleanly() {
  local name=$1 t0
  t0=$(date +%s%N)
  $engine stop -t 2 "$name" >/dev/null 2>&1
  local ms=$((($(date +%s%N) - t0) / 1000000))
  local code
  code=$($engine inspect --format '{{.State.ExitCode}}' "$name")
  [ "$code" = 0 ] || fail "$name did not exit cleanly on SIGTERM within 2 s (exit code $code)"
  $engine logs "$name" 2>&1 | grep -q '"signal":"SIGTERM"' || fail "$name did not log the SIGTERM"
  say "ok: $name stopped on SIGTERM with exit code 0 in $ms ms"
}

say "engine: $engine"
$engine build "${build_flags[@]}" -t "$image" . >/tmp/container-smoke-build.$run_id.log 2>&1 \
  || { tail -40 /tmp/container-smoke-build.$run_id.log >&2; fail "$engine build"; }
rm -f /tmp/container-smoke-build.$run_id.log
say "ok: built $image ($((SECONDS - started)) s so far)"
$engine volume create "$volume" >/dev/null

start "thread-sandbox-smoke-a-$run_id" -e SANDBOX_ADMIN_TOKEN="$admin_token"
a=${containers[-1]}
[ "$($engine exec "$a" id -u)" = 1000 ] || fail "the container does not run as the node user"
say "ok: runs as uid 1000 (node)"
http GET "$base/__sandbox/ready"
expect 200 '' 'the control plane reports ready'
http GET "$base/v1/threads?workspaceId=1"
expect 200 '"totalCount":' 'GET /v1/threads answers'
page=$(curl -s -m 10 -H 'Accept: text/html' "$base/__sandbox/") || page=''
[[ "$page" == *'<!doctype html>'* ]] || fail "the live page at /__sandbox/ is not served: $page"
http GET "$base/__sandbox/live/live.js"
expect 200 '' 'the live page and its script are in the image'
http GET "$base/human/v0/threads?limit=1"
expect 200 '"threads":' 'GET /human/v0/threads answers'
token=smoke-$run_id
http POST "$base/__sandbox/execution-threads" "{\"workspaceId\":4242,\"threadToken\":\"$token\",\"type\":\"BrowserInstance\"}"
expect 201 "\"$token\"" 'the control plane creates an execution thread'
http GET "$base/v1/threads?workspaceId=4242"
expect 200 "\"$token\"" 'the public API shows the created thread'
stop_cleanly "$a"

# The second container takes its admin token and default workspace from a config file instead.
config_dir=$(mktemp -d)
chmod 755 "$config_dir"
printf '{"adminToken":"%s","defaultWorkspace":4242}\n' "$admin_token" >"$config_dir/sandbox.config.json"
chmod 644 "$config_dir/sandbox.config.json"
start "thread-sandbox-smoke-b-$run_id" -v "$config_dir:/config:ro" -e SANDBOX_CONFIG=/config/sandbox.config.json
b=${containers[-1]}
http GET "$base/v1/threads"
expect 200 "\"$token\"" 'a new container on the same volume (config file: default workspace 4242) still has the thread'
http GET "$base/__sandbox/requests"
expect 200 '' 'the admin token from the config file opens the control plane'
stop_cleanly "$b"

say "PASSED in $((SECONDS - started)) s"
