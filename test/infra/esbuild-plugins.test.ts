import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { describe, expect, it } from 'vitest'
import plugins, { zodEnglishOnly } from '../../infra/esbuild-plugins.mjs'

const ROOT = join(import.meta.dirname, '..', '..')
const BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);"

/** Bundles `source` as a Lambda would get it and loads it here; returns its exports and text. */
const bundle = async (source: string, used: Plugin[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bundle-'))
  const out = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    banner: { js: BANNER },
    plugins: used,
    write: false,
    logLevel: 'silent',
  })
  const text = out.outputFiles[0]?.text ?? ''
  const file = join(dir, 'bundle.mjs')
  writeFileSync(file, text)
  return { text, module: (await import(pathToFileURL(file).href)) as Record<string, unknown> }
}

describe('Plugin: zodEnglishOnly', () => {
  const source = `import { z } from 'zod'
    export const result = z.object({ name: z.string().min(2) }).safeParse({ name: 1 })
    export const locales = Object.keys(z.locales)`

  it('keeps zod working, with its English messages, at a fraction of the size', async () => {
    const trimmed = await bundle(source, [zodEnglishOnly])
    const full = await bundle(source, [])
    expect(trimmed.module.locales).toEqual(['en'])
    expect(trimmed.module.result).toEqual(full.module.result)
    expect(JSON.stringify(trimmed.module.result)).toContain('Invalid input: expected string')
    expect(trimmed.text.length).toBeLessThan(full.text.length - 150_000)
  })
})

describe('Plugins', () => {
  it('are what every deployed function is built with', () => {
    expect(plugins).toEqual([zodEnglishOnly])
  })
})
