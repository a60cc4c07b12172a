import { spawn } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { keystoneToken } from '../support/keystone'
import { childrenNamed } from '../support/processes'
import { type LoadResult, memoryOf, runLoad } from './load'
import {
  comparisonTable,
  LAB_AUTH_URL,
  listedTemplates,
  measureMagnum,
  seedTemplates,
} from './vs-magnum'

/**
 * `npm run bench:api`: Berth (DynamoDB Local in memory, development cloud, API) in a child
 * process on free loopback ports; 20 cluster templates created as demo; then closed-loop load
 * on GET /v1/clustertemplates with 1 and N keep-alive connections.
 *
 *   npm run bench:api -- --connections 8 --seconds 20 --warmup
 *
 * With --vs-magnum, Berth acts on the OpenStack lab's Keystone (BERTH_LAB_AUTH_URL) instead of
 * the development cloud, and the same load then goes to Magnum 15 on the lab (:9511) with as
 * many templates of its own: both throughputs and their ratio, from one run (vs-magnum.ts).
 */
const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'boolean', default: false },
    'max-requests': { type: 'string', default: '1000000' },
    templates: { type: 'string', default: '20' },
    'vs-magnum': { type: 'boolean', default: false },
  },
})
const positive = (name: string, raw: string, max: number): number => {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`--${name} must be an integer from 1 to ${max}`)
    process.exit(2)
  }
  return n
}
const connections = positive('connections', values.connections, 256)
const seconds = positive('seconds', values.seconds, 600)
const maxRequests = positive('max-requests', values['max-requests'], 10_000_000)
const templateCount = positive('templates', values.templates, 1000)
const WARMUP_SECONDS = 3

const vsMagnum = values['vs-magnum']
const serverArgs = ['--import', 'tsx', 'test/bench/server.ts', ...(vsMagnum ? [LAB_AUTH_URL] : [])]
const server = spawn(process.execPath, serverArgs, {
  stdio: ['ignore', 'pipe', 'inherit'],
})
const stopServer = () =>
  new Promise<void>((done) => {
    if (server.exitCode !== null) return done()
    server.once('exit', () => done())
    server.kill('SIGTERM')
  })
process.once('SIGINT', () => void stopServer().then(() => process.exit(130)))

const ready = await new Promise<{ api: string; authUrl: string }>((done, fail) => {
  const lines = createInterface({ input: server.stdout })
  lines.on('line', (line) => {
    if (line.startsWith('{')) done(JSON.parse(line))
  })
  server.once('exit', (code) => fail(new Error(`bench server exited with ${code}`)))
})

try {
  const demo = await keystoneToken(ready.authUrl, 'demo')
  const headers = {
    'X-Auth-Token': demo.token,
    'OpenStack-API-Version': 'container-infra latest',
    Accept: 'application/json',
  }
  await seedTemplates(ready.api, headers, 'bench', templateCount, vsMagnum)
  const url = new URL(`${ready.api}/v1/clustertemplates`)
  const listed = await listedTemplates(ready.api, headers)
  if (listed !== templateCount) {
    throw new Error(`GET ${url.pathname} listed ${listed} templates, not ${templateCount}`)
  }

  const cpu = cpus()
  console.log(
    `GET ${url.pathname} (${templateCount} templates, demo) on ${cpu.length}× ${cpu[0]?.model.trim()}, Node ${process.version}, ` +
      `load average ${loadavg()[0]?.toFixed(2)} before the run`
  )
  const results: { result: LoadResult; rss: number; peak: number; javaRss: number }[] = []
  for (const n of [...new Set([1, connections])]) {
    if (values.warmup)
      await runLoad({ url, headers, connections: n, seconds: WARMUP_SECONDS, maxRequests })
    const result = await runLoad({ url, headers, connections: n, seconds, maxRequests })
    const berthMemory = memoryOf(server.pid ?? 0)
    const java = childrenNamed(server.pid ?? 0, 'java')[0]
    const javaRss = java ? memoryOf(java).rss : Number.NaN
    results.push({ result, ...berthMemory, javaRss })
    console.log(
      `connections=${n}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, ` +
        `p90 ${result.p90.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, errors ${result.errors}/${result.requests}, ` +
        `RSS Berth ${berthMemory.rss.toFixed(0)} MiB (peak ${berthMemory.peak.toFixed(0)}), DynamoDB Local ${javaRss.toFixed(0)} MiB`
    )
  }
  console.log(
    '\n| connections | seconds | req/s | p50 ms | p90 ms | p99 ms | errors | Berth RSS MiB | DynamoDB Local RSS MiB |'
  )
  console.log('|---|---|---|---|---|---|---|---|---|')
  for (const { result: r, rss, javaRss } of results) {
    console.log(
      `| ${r.connections} | ${r.seconds.toFixed(1)} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ` +
        `${r.p90.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ${rss.toFixed(0)} | ${javaRss.toFixed(0)} |`
    )
  }
  if (vsMagnum) {
    // The same load as Berth's widest run, on Magnum with the same Keystone and template count.
    const last = results.at(-1)!.result
    const magnum = await measureMagnum(headers, templateCount, {
      connections: last.connections,
      seconds,
      maxRequests,
      warmup: values.warmup,
    })
    console.log(`\nBerth vs Magnum 15 on the lab, GET /v1/clustertemplates as demo:\n`)
    console.log(comparisonTable({ name: 'Berth', listed, result: last }, magnum))
  }
} finally {
  await stopServer()
}
