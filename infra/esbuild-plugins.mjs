// esbuild plugins for every deployed Berth Lambda (sst.config.ts → nodejs.plugins), and for
// npm run bench:coldstart, which measures what they produce. Plain JavaScript: SST loads this
// file with Node, outside any TypeScript loader. Each plugin only resolves an import to a
// smaller module with the same exports; see docs/benchmarks.md for what each one saves.
import { fileURLToPath } from 'node:url'

const here = (file) => fileURLToPath(new URL(file, import.meta.url))

/**
 * zod v4 re-exports every locale (`z.locales.*`, ~250 KB minified) through the `z` namespace,
 * which tree-shaking cannot drop. Berth only ever uses English, which zod installs itself.
 */
export const zodEnglishOnly = {
  name: 'berth-zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => {
      // SST runs plugins through its own bridge to esbuild, which may spell fields the Go way.
      const importer = args.importer ?? args.Importer ?? ''
      return /[/\\]zod[/\\]/.test(importer)
        ? { path: here('./bundle/zod-locales-en.mjs') }
        : undefined
    })
  },
}

export default [zodEnglishOnly]
