import { isProduction } from './names'

/**
 * What every Berth Lambda shares: Node 22 on Graviton, ESM, minified and tree-shaken, logs kept
 * for a bounded time. npm run bench:coldstart measures the bundles these settings produce
 * (docs/benchmarks.md). No AWS SDK is bundled: @berth/aws signs its few calls itself, with the
 * role's credentials from the environment; zod is its mini API. Plain esbuild then meets the
 * targets (≤ 300 KB, ≤ 50 ms init), so no plugins: test/infra/lambda-bundles.test.ts keeps
 * the heavy things out.
 */
export const lambdaDefaults = () =>
  ({
    runtime: 'nodejs22.x',
    architecture: 'arm64',
    logging: { retention: isProduction() ? '3 months' : '2 weeks' },
    nodejs: {
      format: 'esm',
      minify: true,
      // What a function imports with import() (the YAML parser of a policy file) becomes a
      // file of its own, loaded only when first used.
      splitting: true,
    },
  }) satisfies Partial<sst.aws.FunctionArgs>
