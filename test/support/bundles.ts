import type { Metafile } from 'esbuild'

/**
 * An esbuild output and every chunk it imports statically: what loading it loads, and so what
 * a Lambda's cold start pays for. Chunks reached only through import() are left out.
 */
export const loadedAtInit = (meta: Metafile, entry: string): string[] => {
  const seen = new Set<string>()
  const visit = (out: string) => {
    if (seen.has(out)) return
    seen.add(out)
    for (const i of meta.outputs[out]?.imports ?? []) {
      if (i.kind === 'import-statement' && !i.external) visit(i.path)
    }
  }
  visit(entry)
  return [...seen]
}
