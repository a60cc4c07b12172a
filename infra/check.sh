#!/usr/bin/env bash
# npm run check:infra: type-checks sst.config.ts and infra/ against SST's own platform types,
# offline once .sst/ holds them. `sst install` unpacks the platform and npm-installs the Pulumi
# packages it declares (~60 s, ~300 MB, npm registry only); .sst/ is kept between runs and
# refreshed when the sst package changes version. No AWS account or Pulumi CLI is involved.
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(node -p 'require("./node_modules/sst/package.json").version')
have=$(cat .sst/platform/version 2>/dev/null || true)
if [ "$want" != "$have" ] || [ ! -d .sst/platform/node_modules/@pulumi/aws ]; then
  echo "check:infra: unpacking the SST ${want} platform into .sst/ (first run, about a minute)"
  SST_TELEMETRY_DISABLED=1 SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 \
    npx --no-install sst install --stage ci
fi
npx --no-install tsc --noEmit -p infra/tsconfig.json
echo "check:infra: sst.config.ts and infra/ type-check against SST ${want}"
