import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import plugins from '../../infra/esbuild-plugins.mjs'

const ROOT = join(import.meta.dirname, '..', '..')

/** Every Lambda entry: the API, each workflow task, each scheduled job. */
const entries = () => {
  const dir = (d: string) =>
    readdirSync(join(ROOT, d))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => join(ROOT, d, f))
  return [
    join(ROOT, 'functions', 'api', 'index.ts'),
    ...dir('functions/workflow'),
    ...dir('functions/cron'),
  ]
}

describe('The Lambda bundles', () => {
  it('carry no AWS SDK: @berth/aws speaks to DynamoDB, KMS and Step Functions', async () => {
    // The SDK's clients were ~240 KB of the API's init bundle (docs/benchmarks.md); one import
    // of them anywhere a Lambda reaches would bring most of that back.
    const built = await build({
      entryPoints: entries(),
      bundle: true,
      platform: 'node',
      format: 'esm',
      splitting: true,
      mainFields: ['module', 'main'],
      plugins,
      outdir: join(ROOT, 'node_modules', '.cache', 'berth', 'aws-sdk-free'),
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: ROOT,
    })
    const inputs = Object.keys(built.metafile.inputs)
    expect(inputs.some((p) => p.includes('packages/aws/src/json-client.ts'))).toBe(true)
    expect(inputs.some((p) => p.includes('node_modules/aws4fetch/'))).toBe(true)
    const sdk = inputs.filter((p) => /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(p))
    expect(sdk).toEqual([])
  })
})
