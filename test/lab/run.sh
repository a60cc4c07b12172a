#!/usr/bin/env bash
# npm run test:openstack-lab [-- --ci]: everything Berth checks against a real OpenStack, on an
# OpenStack lab that is already up (bash ../shared/openstack-lab/up.sh; see
# README, "Against a real OpenStack"). In order:
#   1. the contract suite, against the development cloud and against the lab (same assertions);
#   2. every driver's rendered Heat templates validated by the lab's Heat;
#   3. the cluster lifecycle on the lab: with the sandbox option (create, resize, delete leaving
#      nothing) and without it (No valid host, then delete);
#   4. one real stack per driver and distro (create, resize, upgrade), and the side-by-side
#      comparison with Magnum 15.
# --ci runs 1-3 with only the sandbox lifecycle: what CI runs within its budget.
set -euo pipefail

cd "$(dirname "$0")/../.."
auth_url="${BERTH_LAB_AUTH_URL:-http://127.0.0.1:5000/v3}"
if ! curl -sf -m 10 "$auth_url" >/dev/null; then
  echo "No OpenStack lab answers at $auth_url: start it with 'bash ../shared/openstack-lab/up.sh'." >&2
  exit 1
fi
export BERTH_LAB=1

ci=false
if [ "${1:-}" = --ci ]; then ci=true; fi

timings=()
step() {
  local name=$1
  shift
  echo "::: lab: ${name}"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%5ss  %s' "$((SECONDS - start))" "$name")")
}

step "contract suite (development cloud and lab)" \
  npx vitest run --project unit packages/openstack/src/contract-devcloud.test.ts \
  packages/openstack/src/contract-lab.test.ts
step "driver templates validated by Heat" \
  npx vitest run --project unit packages/drivers/src/heat-lab.test.ts
if $ci; then
  step "cluster lifecycle (sandbox)" \
    npx vitest run --project integration test/lab/lifecycle.test.ts -t 'with the sandbox option'
else
  step "cluster lifecycle (sandbox, and No valid host)" \
    npx vitest run --project integration test/lab/lifecycle.test.ts
  step "a real stack per driver" \
    npx vitest run --project unit packages/drivers/src/heat-lab-stacks.test.ts
  step "side by side with Magnum 15" \
    npx vitest run --project integration test/lab/magnum-compare.test.ts
fi

echo
echo "Lab timings:"
printf '%s\n' "${timings[@]}"
