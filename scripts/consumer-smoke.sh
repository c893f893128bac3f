#!/usr/bin/env bash
# Consumer smoke test: the publishable packages as an npm user gets them. Builds, packs @highlevel-effect/client and
# @highlevel-effect/mock-server with `pnpm pack` (which rewrites `catalog:` and `workspace:`), checks the packed
# manifests, installs the tarballs with npm into a temp project outside the workspace (no workspace links), typechecks
# the README's first example and scripts/consumer-smoke/program.ts with strict + NodeNext, starts the packed mock's
# `highlevel-mock --port 0`, runs both programs against it with its `export` lines, and stops it. Any failure exits
# non-zero. The temp directory and the mock are removed/stopped however the script ends.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
here="$repo/scripts/consumer-smoke"
work="$(mktemp -d "${TMPDIR:-/tmp}/highlevel-consumer-XXXXXX")"
mock_pid=""

cleanup() {
  local status=$?
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill -TERM "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  say "temp project removed"
  exit "$status"
}
started=$(date +%s)
say() { printf -- '-- %s (%ss)\n' "$1" "$(($(date +%s) - started))"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() {
  printf 'consumer smoke: %s\n' "$1" >&2
  exit 1
}
pnpm() { npx -y pnpm@10 "$@"; }

say "build"
(cd "$repo" && pnpm -s build)

say "pack"
(cd "$repo" && pnpm -s --filter @highlevel-effect/client --filter @highlevel-effect/mock-server -r pack \
  --pack-destination "$work/packs" >/dev/null)
client_tgz="$(ls "$work"/packs/highlevel-effect-client-*.tgz)"
mock_tgz="$(ls "$work"/packs/highlevel-effect-mock-server-*.tgz)"

say "packed manifests: ranges for peers, nothing of the workspace, LICENSE and bin shipped"
for tgz in "$client_tgz" "$mock_tgz"; do
  tar -xzf "$tgz" -O package/package.json >"$work/manifest.json"
  tar -tzf "$tgz" >"$work/files.txt"
  node - "$work/manifest.json" "$work/files.txt" "$(basename "$tgz")" <<'EOF'
const fs = require("node:fs")
const [manifestFile, filesFile, tarball] = process.argv.slice(2)
const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"))
const files = new Set(fs.readFileSync(filesFile, "utf8").split("\n"))
const problems = []
for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
  for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
    if (/^(catalog|workspace):/.test(spec)) problems.push(`${field}.${name} is "${spec}"`)
  }
}
// An exact peer makes npm override it with a warning, or install a second copy: peers are ranges.
for (const [name, spec] of Object.entries(manifest.peerDependencies ?? {})) {
  if (!/^[\^~>]/.test(spec)) problems.push(`peerDependencies.${name} is "${spec}", not a range`)
}
if (manifest.exports?.["./package.json"] !== "./package.json") problems.push(`exports has no "./package.json"`)
if (!files.has("package/LICENSE")) problems.push("no LICENSE in the tarball")
for (const [bin, target] of Object.entries(manifest.bin ?? {})) {
  if (!files.has(`package/${target.replace(/^\.\//, "")}`)) problems.push(`bin ${bin} -> ${target} is not in the tarball`)
}
if (problems.length > 0) {
  process.stderr.write(`${tarball}:\n  ${problems.join("\n  ")}\n`)
  process.exit(1)
}
EOF
done

say "npm install of the tarballs into a plain project"
app="$work/app"
mkdir -p "$app"
printf '{ "name": "consumer", "private": true, "type": "module" }\n' >"$app/package.json"
cp "$here/tsconfig.json" "$here/program.ts" "$app/"
# The README's first example, as written (the client section's first TypeScript block).
awk '/^## The client/ { section = 1 } section && /^```ts$/ { inside = 1; next } inside && /^```$/ { exit } inside' \
  "$repo/README.md" >"$app/readme.ts"
[ -s "$app/readme.ts" ] || fail "no TypeScript block found under \"## The client\" in README.md"
(cd "$app" && npm install --no-audit --no-fund --loglevel=warn \
  "$client_tgz" "$mock_tgz" "effect@^3.22.4" "@effect/platform@^0.97.2" "typescript@~5.9.3" "@types/node@^20.19.0" \
  2>&1 | tee "$work/npm.log")
if grep -qiE "ERESOLVE|peer dep|overriding" "$work/npm.log"; then fail "npm install complained about peers (above)"; fi

say "typecheck: strict, NodeNext"
(cd "$app" && npx tsc -p tsconfig.json)

say "highlevel-mock from the tarball"
bin="$app/node_modules/.bin/highlevel-mock"
usage="$(cd "$app" && npx highlevel-mock --help | head -n 1)" # as the README runs it (the local bin)
[ "$usage" = "Usage: highlevel-mock [options]" ] || fail "highlevel-mock --help starts with \"$usage\""
"$bin" --port 0 >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
for _ in $(seq 1 300); do
  grep -q '^export HIGHLEVEL_LOCATION_ID=' "$work/mock.out" && break
  kill -0 "$mock_pid" 2>/dev/null || break
  sleep 0.1
done
grep -q '^export HIGHLEVEL_LOCATION_ID=' "$work/mock.out" || fail "the mock printed no exports: $(cat "$work/mock.out" "$work/mock.err")"
value() { sed -n "s/^export $1=//p" "$work/mock.out"; }
export HIGHLEVEL_BASE_URL HIGHLEVEL_TOKEN HIGHLEVEL_LOCATION_ID
HIGHLEVEL_BASE_URL="$(value HIGHLEVEL_BASE_URL)"
HIGHLEVEL_TOKEN="$(value HIGHLEVEL_TOKEN)"
HIGHLEVEL_LOCATION_ID="$(value HIGHLEVEL_LOCATION_ID)"

say "run the README example and the program against it"
(cd "$app" && timeout 60 node dist/readme.js && timeout 60 node dist/program.js)

say "stop the mock (SIGTERM: a clean exit)"
kill -TERM "$mock_pid"
mock_status=0
wait "$mock_pid" || mock_status=$?
mock_pid=""
[ "$mock_status" -eq 0 ] || fail "the mock exited with $mock_status on SIGTERM"

say "ok"
