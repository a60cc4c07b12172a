/**
 * npm run bench:coldstart — every Lambda Berth deploys (the API, one per workflow task, the
 * scheduled jobs), bundled as SST bundles it (esbuild, ESM, node22, minified, tree-shaken, code
 * splitting). For each: the size of what initialisation loads
 * (the entry file and the chunks it imports statically; chunks behind import() load on first
 * use and are shown apart), and module initialisation time — a fresh Node process importing the
 * entry, median of BENCH_RUNS (default 7). Writes the figures into docs/benchmarks.md between
 * markers. Targets: ≤ 300 KB and ≤ 50 ms per function.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, relative } from 'node:path'
import { build, type Metafile } from 'esbuild'
import { allTasks, listWorkflows } from '../../stepfunctions/definitions'
import { loadedAtInit } from '../support/bundles'

const ROOT = join(import.meta.dirname, '..', '..')
// Under node_modules/.cache: build output, ignored by git and by the linters.
const OUT = join(ROOT, 'node_modules', '.cache', 'berth', 'coldstart')
const DOC = join(ROOT, 'docs', 'benchmarks.md')
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
/** The Node that imports the bundles: Lambda runs Node 22, this machine may carry another. */
const NODE = process.env.BENCH_NODE ?? process.execPath
const TARGET_KB = 300
const TARGET_MS = 50

interface Entry {
  name: string
  file: string
}

interface Result {
  entry: Entry
  /** What initialisation loads: the entry file and the chunks it imports statically. */
  bytes: number
  /** Chunks only import() reaches: loaded when first used, if ever. */
  lazyBytes: number
  initMs: number
  /** Largest inputs by bytes in the bundle, to say where size comes from. */
  heaviest: string[]
}

const HANDLER = /export\s+(const|let|async\s+function|function)\s+handler\b/

/** What infra/ deploys: the API, every task an ASL file names, every cron file with a handler. */
const entries = (): Entry[] => {
  const tasks = allTasks(listWorkflows(join(ROOT, 'stepfunctions'))).map((t) => ({
    name: `task ${t}`,
    file: join(ROOT, 'functions', 'workflow', `${t}.ts`),
  }))
  const cronDir = join(ROOT, 'functions', 'cron')
  const cron = existsSync(cronDir)
    ? readdirSync(cronDir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .filter((f) => HANDLER.test(readFileSync(join(cronDir, f), 'utf8')))
        .sort()
        .map((f) => ({ name: `cron ${f.replace(/\.ts$/, '')}`, file: join(cronDir, f) }))
    : []
  return [{ name: 'api', file: join(ROOT, 'functions', 'api', 'index.ts') }, ...tasks, ...cron]
}

// CommonJS dependencies inside an ESM bundle still call require(); give them one.
const BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);"

interface Built extends Omit<Result, 'initMs'> {
  file: string
}

const bundle = async (entry: Entry): Promise<Built> => {
  const name = entry.name.replace(/\W+/g, '-')
  const outdir = join(OUT, name)
  const built = await build({
    entryPoints: { [name]: entry.file },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    treeShaking: true,
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: 'error',
  })
  const entryOut = relative(ROOT, join(outdir, `${name}.mjs`))
  const loaded = loadedAtInit(built.metafile, entryOut)
  const size = (outputs: string[]) =>
    outputs.reduce((sum, o) => sum + (built.metafile.outputs[o]?.bytes ?? 0), 0)
  const all = Object.keys(built.metafile.outputs).filter((o) => o.endsWith('.mjs'))
  return {
    entry,
    file: join(ROOT, entryOut),
    bytes: size(loaded),
    lazyBytes: size(all.filter((o) => !loaded.includes(o))),
    heaviest: heaviest(built.metafile, loaded),
  }
}

const heaviest = (meta: Metafile, outputs: string[]): string[] => {
  const byPackage = new Map<string, number>()
  for (const output of outputs.map((o) => meta.outputs[o])) {
    for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
      const key =
        m?.[1] ??
        (path.startsWith('packages/')
          ? path.split('/').slice(0, 2).join('/')
          : (path.split('/')[0] ?? path))
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput)
    }
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`)
}

const link = (value: Record<string, string>) => JSON.stringify(value)
/** What a deployed function's environment holds: SST's links, the Lambda name, no local endpoints. */
const LAMBDA_ENV = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'berth-bench',
  SST_RESOURCE_App: link({ name: 'berth', stage: 'bench' }),
  SST_RESOURCE_Table: link({ name: 'berth-bench-Table' }),
  SST_RESOURCE_SecretsKey: link({ arn: 'arn:aws:kms:us-east-1:123456789012:key/bench' }),
  SST_RESOURCE_Settings: link({ OS_AUTH_URL: 'https://keystone.invalid/v3' }),
  SST_RESOURCE_WorkflowClusterCreate: link({
    arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:berth-bench-cluster-create',
    workflow: 'cluster-create',
  }),
}

/** One fresh Node, timing `await import(bundle)` from inside: what Lambda's init pays. */
const initOnce = (file: string): number => {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`
  const run = spawnSync(NODE, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: LAMBDA_ENV,
  })
  if (run.status !== 0) throw new Error(`${file} failed to load:\n${run.stderr.slice(-1500)}`)
  return Number(run.stdout)
}

/**
 * Medians of RUNS rounds; each round loads every bundle once, in turn, so a busy moment on the
 * machine weighs on all of them alike rather than on whichever was being measured.
 */
const medianInits = (files: string[]): number[] => {
  const times = files.map(() => [] as number[])
  for (let round = 0; round < RUNS; round++) {
    for (const [i, file] of files.entries()) times[i]?.push(initOnce(file))
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)] ?? Number.NaN)
}

const nodeVersion = (): string =>
  spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '')

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const ms = (n: number) => `${n.toFixed(1)} ms`
const mark = (ok: boolean) => (ok ? '' : ' ✗')

const table = (results: Result[]): string => {
  const rows = results.map((d) => {
    const sized = `${kb(d.bytes)}${mark(d.bytes <= TARGET_KB * 1024)} | ${ms(d.initMs)}${mark(d.initMs <= TARGET_MS)}`
    const lazy = d.lazyBytes > 0 ? kb(d.lazyBytes) : '–'
    return `| ${d.entry.name} | ${sized} | ${lazy} | ${d.heaviest.join(', ')} |`
  })
  return [
    '| function | size | init | on first use | largest parts |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n')
}

const section = (results: Result[]): string => {
  const bundled = results
  const worst = (pick: (r: Result) => number) => Math.max(...bundled.map(pick))
  return `<!-- coldstart:start -->
## Lambda cold start (\`npm run bench:coldstart\`)

Each function bundled the way infra/ deploys it (esbuild: ESM, target node22, minified,
tree-shaken, code splitting), then imported ${RUNS} times, each in a fresh Node process with the environment a deployed function has (SST links); the
median is shown. Size is what initialisation loads (the entry file and the chunks it imports
statically); "on first use" is what only \`import()\` reaches, loaded when first needed, if ever.
Init is module loading and evaluation only, what Lambda reports as Init Duration minus
the runtime's own start, on this machine (Node ${nodeVersion()}, ${process.arch}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)});
Lambda's node22 on arm64 differs in absolute terms, not in ranking.
Targets: ≤ ${TARGET_KB} KB and ≤ ${TARGET_MS} ms; ✗ marks a miss.

${table(results)}

Largest deployed bundle ${kb(worst((r) => r.bytes))}, slowest init ${ms(worst((r) => r.initMs))}. Measured ${new Date().toISOString().slice(0, 10)}.
<!-- coldstart:end -->`
}

const writeDoc = (text: string) => {
  const start = '<!-- coldstart:start -->'
  const end = '<!-- coldstart:end -->'
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n'
  const from = current.indexOf(start)
  const to = current.indexOf(end)
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + text + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${text}\n`
  mkdirSync(join(ROOT, 'docs'), { recursive: true })
  writeFileSync(DOC, next)
}

const main = async () => {
  rmSync(OUT, { recursive: true, force: true })
  const built: Built[] = []
  for (const entry of entries()) {
    built.push(await bundle(entry))
  }
  const inits = medianInits(built.map((b) => b.file))
  const results: Result[] = built.map(({ file: _, ...b }, i) => ({ ...b, initMs: inits[i] ?? 0 }))
  for (const r of results) {
    console.log(
      `${r.entry.name.padEnd(34)} ${kb(r.bytes).padStart(10)} ${ms(r.initMs).padStart(9)} ${kb(r.lazyBytes).padStart(10)}   ${r.heaviest.join(', ')}`
    )
  }
  writeDoc(section(results))
  console.log(`\nwrote ${relative(ROOT, DOC)}`)
  const misses = results.filter((r) => r.bytes > TARGET_KB * 1024 || r.initMs > TARGET_MS)
  for (const m of misses) console.log(`target missed: ${m.entry.name}`)
}

await main()
