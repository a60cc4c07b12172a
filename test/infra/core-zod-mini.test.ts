import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const CORE = join(ROOT, 'packages', 'core', 'src')

const sources = (): string[] =>
  readdirSync(CORE, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(CORE, f))

describe('Zod in packages/core', () => {
  it('is zod/mini everywhere: one classic import would put its ~96 KB back in every Lambda', () => {
    const files = sources()
    const imports = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/from\s+'(zod[^']*)'/g)].map(
        (m) => `${relative(ROOT, f)}: ${m[1]}`
      )
    )
    expect(imports.length).toBeGreaterThan(15)
    expect(imports.filter((i) => !i.endsWith(': zod/mini'))).toEqual([])
  })
})
