import { isProduction } from './names'

/**
 * What every Berth Lambda shares: Node 22 on Graviton, ESM, minified and tree-shaken, JSON
 * logs kept for a bounded time. npm run bench:coldstart measures the bundles these settings
 * produce (docs/benchmarks.md); the AWS SDK is bundled, which starts faster than loading the
 * runtime's copy.
 */
export const lambdaDefaults = () =>
  ({
    runtime: 'nodejs22.x',
    architecture: 'arm64',
    logging: { retention: isProduction() ? '3 months' : '2 weeks' },
    nodejs: { format: 'esm', minify: true },
  }) satisfies Partial<sst.aws.FunctionArgs>
