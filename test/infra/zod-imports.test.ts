import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

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

describe('Zod in the Lambda bundles', () => {
  it('is imported as a namespace wherever a deployed module imports it', async () => {
    // `import { z }` binds zod's whole namespace object, which esbuild cannot tree-shake: one
    // such import anywhere in a bundle brings back ~90 KB (docs/benchmarks.md).
    const built = await build({
      entryPoints: entries(),
      bundle: true,
      platform: 'node',
      format: 'esm',
      splitting: true,
      outdir: join(ROOT, 'node_modules', '.cache', 'berth', 'zod-imports'),
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: ROOT,
    })
    const ours = Object.keys(built.metafile.inputs).filter((p) => !p.includes('node_modules'))
    expect(ours.length).toBeGreaterThan(50)
    const offenders = ours.filter((p) =>
      /^import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod'/m.test(readFileSync(join(ROOT, p), 'utf8'))
    )
    expect(offenders).toEqual([])
  })
})
