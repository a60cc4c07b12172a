import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build, type Metafile } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadedAtInit } from '../support/bundles'

/**
 * What the deployed Lambdas carry, from one esbuild pass over all of them (as infra/ bundles
 * them). Each rule keeps out something that once made up a large share of every bundle
 * (docs/benchmarks.md): one stray import anywhere a Lambda reaches would bring it back.
 */
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

let meta: Metafile
let inputs: string[] = []
let ours: string[] = []

beforeAll(async () => {
  const built: { metafile: Metafile } = await build({
    entryPoints: entries(),
    bundle: true,
    platform: 'node',
    format: 'esm',
    splitting: true,
    mainFields: ['module', 'main'],
    outdir: join(ROOT, 'node_modules', '.cache', 'berth', 'lambda-bundles'),
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  })
  meta = built.metafile
  inputs = Object.keys(meta.inputs)
  ours = inputs.filter((p) => !p.includes('node_modules'))
}, 60_000)

describe('The Lambda bundles', () => {
  it('carry no AWS SDK: @berth/aws speaks to DynamoDB, KMS and Step Functions (~240 KB)', () => {
    expect(inputs.some((p) => p.includes('packages/aws/src/json-client.ts'))).toBe(true)
    expect(inputs.some((p) => p.includes('node_modules/aws4fetch/'))).toBe(true)
    const sdk = inputs.filter((p) => /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(p))
    expect(sdk).toEqual([])
  })

  it("carry zod's mini API only, not the classic one (~60 KB more, ~10 ms more init)", () => {
    expect(inputs.some((p) => /node_modules\/zod\/v4\/mini\//.test(p))).toBe(true)
    const classic = inputs.filter((p) => /node_modules\/zod\/v4\/classic\//.test(p))
    expect(classic).toEqual([])
    const offenders = ours.filter((p) =>
      /from\s*'zod(\/v4)?'/.test(readFileSync(join(ROOT, p), 'utf8'))
    )
    expect(offenders).toEqual([])
  })

  it('import zod as a namespace, which esbuild can tree-shake', () => {
    // `import { z }` binds zod's whole namespace object: nothing of it could be dropped.
    expect(ours.length).toBeGreaterThan(50)
    const offenders = ours.filter((p) =>
      /^import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod/m.test(readFileSync(join(ROOT, p), 'utf8'))
    )
    expect(offenders).toEqual([])
  })

  it('load jose (OIDC) and x509 (the certificate authority) only when first used', () => {
    // Reached through import() alone, they sit in chunks a cold start does not load.
    const late = /node_modules\/(jose|@peculiar\/x509)\//
    expect(inputs.some((p) => late.test(p))).toBe(true)
    const lambdas = new Set(entries().map((e) => relative(ROOT, e)))
    const entryOutputs = Object.entries(meta.outputs).filter(([, o]) =>
      lambdas.has(o.entryPoint ?? '')
    )
    expect(entryOutputs.length).toBe(lambdas.size)
    for (const [out] of entryOutputs) {
      const atInit = loadedAtInit(meta, out).flatMap((o) =>
        Object.keys(meta.outputs[o]?.inputs ?? {})
      )
      expect(
        atInit.filter((p) => late.test(p)),
        out
      ).toEqual([])
    }
  })
})
