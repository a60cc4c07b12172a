import { fork } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { nextPollSeconds } from '@berth/core/lifecycle/heat-status'
import { keystoneToken } from '../support/keystone'
import type { ExecutionCount, Question, Report, Tally } from './lifecycle-server'

/**
 * `npm run bench:lifecycle`: Berth, DynamoDB Local and the development cloud in a child process
 * (test/bench/lifecycle-server.ts); N clusters created, grown and deleted one at a time as demo.
 * Prints how long a finished Heat stack takes to show as the cluster's *_COMPLETE through the
 * API (from the cloud's own record of when the stack finished to the first GET that shows it),
 * state transitions per workflow, and DynamoDB requests, items and capacity per API call.
 *
 *   npm run bench:lifecycle -- --creates 20 --watch-ms 10 [--poll-ms 250]
 */
const { values } = parseArgs({
  options: {
    creates: { type: 'string', default: '20' },
    'watch-ms': { type: 'string', default: '10' },
    'poll-ms': { type: 'string' },
    'limit-seconds': { type: 'string', default: '600' },
  },
})
const int = (name: string, raw: string, min: number, max: number): number => {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer from ${min} to ${max}`)
    process.exit(2)
  }
  return n
}
const creates = int('creates', values.creates, 1, 200)
const watchMs = int('watch-ms', values['watch-ms'], 1, 1000)
const limitSeconds = int('limit-seconds', values['limit-seconds'], 10, 3600)

const child = fork(fileURLToPath(new URL('./lifecycle-server.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: {
    ...process.env,
    ...(values['poll-ms'] ? { BERTH_LOCAL_POLL_MS: values['poll-ms'] } : {}),
  },
})
const stopChild = () =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done()
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })
process.once('SIGINT', () => void stopChild().then(() => process.exit(130)))
const limit = setTimeout(() => {
  console.error(`bench:lifecycle: still running after ${limitSeconds} s; stopping`)
  void stopChild().then(() => process.exit(1))
}, limitSeconds * 1000)

interface Ready {
  api: string
  authUrl: string
  pollMs: number
}
const pending = new Map<number, (answer: unknown) => void>()
let nextId = 0
const ready = await new Promise<Ready>((done, fail) => {
  child.on('message', (m: { ready?: boolean; id?: number; answer?: unknown } & Ready) => {
    if (m.ready) done(m)
    else if (m.id !== undefined) pending.get(m.id)?.(m.answer)
  })
  child.once('exit', (code) => fail(new Error(`bench server exited with ${code}`)))
})
const ask = <T>(m: Question): Promise<T> =>
  new Promise((done) => {
    const id = nextId++
    pending.set(id, (a) => {
      pending.delete(id)
      done(a as T)
    })
    child.send({ ...m, id })
  })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN
}
const median = (xs: number[]) => quantile(xs, 0.5)

try {
  const demo = await keystoneToken(ready.authUrl, 'demo')
  const call = async (op: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${ready.api}${path}`, {
      method,
      headers: {
        'X-Auth-Token': demo.token,
        'OpenStack-API-Version': 'container-infra latest',
        Accept: 'application/json',
        'x-bench-op': op,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> }
  }
  const expectStatus = (r: { status: number; body: unknown }, status: number, what: string) => {
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`)
  }

  const template = await call('setup', 'POST', '/v1/clustertemplates', {
    name: 'bench-lifecycle',
    coe: 'kubernetes',
    image_id: 'fedora-coreos',
    external_network_id: 'public',
    flavor_id: 'm1.small',
    master_flavor_id: 'm1.medium',
    keypair_id: 'demo-key',
    network_driver: 'flannel',
    labels: { kube_tag: 'v1.28.9' },
  })
  expectStatus(template, 201, 'creating the template')

  /**
   * Watches the cluster through the API every --watch-ms until `done`; returns when the first
   * GET showing it came back, and how far that is from the moment the stack settled.
   */
  const watch = async (uuid: string, done: (status: number, s: string) => boolean) => {
    for (;;) {
      const r = await call('watch', 'GET', `/v1/clusters/${uuid}`)
      const seen = Date.now()
      const status = String(r.body.status ?? '')
      if (status.endsWith('_FAILED')) throw new Error(`${uuid}: ${status} ${r.body.status_reason}`)
      if (done(r.status, status)) return { seen, body: r.body }
      await sleep(watchMs)
    }
  }
  const stackSettled = async (stackId: string, action: string) => {
    const s = await ask<{ action: string; status: string; settledAt: string | null } | null>({
      ask: 'stack',
      stackId,
    })
    if (!s?.settledAt || s.action !== action || s.status !== 'COMPLETE')
      throw new Error(`stack ${stackId} is ${s?.action}_${s?.status}, expected ${action}_COMPLETE`)
    return Date.parse(s.settledAt)
  }

  const lag: Record<'CREATE' | 'UPDATE' | 'DELETE', number[]> = {
    CREATE: [],
    UPDATE: [],
    DELETE: [],
  }
  const uuids: string[] = []
  const stacks = new Map<string, string>()
  for (let i = 0; i < creates; i++) {
    const r = await call('POST /v1/clusters', 'POST', '/v1/clusters', {
      name: `bench-${i}`,
      cluster_template_id: template.body.uuid,
      master_count: 1,
      node_count: 1,
    })
    expectStatus(r, 202, 'creating a cluster')
    const uuid = String(r.body.uuid)
    const { seen, body } = await watch(uuid, (_, s) => s === 'CREATE_COMPLETE')
    const stackId = String(body.cluster_id)
    lag.CREATE.push(seen - (await stackSettled(stackId, 'CREATE')))
    uuids.push(uuid)
    stacks.set(uuid, stackId)
  }
  for (const uuid of uuids) {
    expectStatus(await call('GET /v1/clusters/{id}', 'GET', `/v1/clusters/${uuid}`), 200, 'show')
    expectStatus(await call('GET /v1/clusters', 'GET', '/v1/clusters'), 200, 'list')
    expectStatus(await call('GET /v1/clusters/detail', 'GET', '/v1/clusters/detail'), 200, 'detail')
    expectStatus(await call('GET /v1/clustertemplates', 'GET', '/v1/clustertemplates'), 200, 'ct')
  }
  for (const uuid of uuids) {
    const patch = [{ op: 'replace', path: '/node_count', value: 2 }]
    expectStatus(
      await call('PATCH /v1/clusters/{id}', 'PATCH', `/v1/clusters/${uuid}`, patch),
      202,
      'patch'
    )
    const { seen } = await watch(uuid, (_, s) => s === 'UPDATE_COMPLETE')
    lag.UPDATE.push(seen - (await stackSettled(stacks.get(uuid) ?? '', 'UPDATE')))
  }
  for (const uuid of uuids) {
    expectStatus(
      await call('DELETE /v1/clusters/{id}', 'DELETE', `/v1/clusters/${uuid}`),
      204,
      'delete'
    )
    const { seen } = await watch(uuid, (status) => status === 404)
    lag.DELETE.push(seen - (await stackSettled(stacks.get(uuid) ?? '', 'DELETE')))
  }
  const report = await ask<Report>({ ask: 'report' })
  print(report, lag)
} finally {
  clearTimeout(limit)
  await stopChild()
}

function print(report: Report, lag: Record<string, number[]>) {
  const cpu = cpus()
  console.log(
    `${creates} clusters (kubernetes, Fedora CoreOS, 1 master + 1 node) created, grown to 2 nodes ` +
      `and deleted one at a time as demo; local runner polling every ${ready.pollMs} ms, API watched ` +
      `every ${watchMs} ms; ${cpu.length}× ${cpu[0]?.model.trim()}, Node ${process.version}, load ` +
      `${loadavg()[0]?.toFixed(2)}\n`
  )
  console.log('| stack settled → cluster shows it | median ms | p95 ms | max ms |')
  console.log('|---|---:|---:|---:|')
  const shows: Record<string, string> = {
    CREATE: 'CREATE_COMPLETE → CREATE_COMPLETE',
    UPDATE: 'UPDATE_COMPLETE → UPDATE_COMPLETE (PATCH node_count)',
    DELETE: 'DELETE_COMPLETE → 404 (credential revoked, record removed)',
  }
  for (const [action, xs] of Object.entries(lag)) {
    const f = (q: number) => quantile(xs, q).toFixed(0)
    console.log(`| ${shows[action]} | ${f(0.5)} | ${f(0.95)} | ${f(1)} |`)
  }

  console.log('\n| workflow | runs | transitions (median) | min–max | retries | polls (median) |')
  console.log('|---|---:|---:|---:|---:|---:|')
  const byKind = new Map<string, ExecutionCount[]>()
  for (const x of report.executions) byKind.set(x.kind, [...(byKind.get(x.kind) ?? []), x])
  for (const [kind, xs] of byKind) {
    const t = xs.map((x) => x.entered + x.retried)
    console.log(
      `| ${kind} | ${xs.length} | ${median(t)} | ${Math.min(...t)}–${Math.max(...t)} | ` +
        `${xs.reduce((n, x) => n + x.retried, 0)} | ${median(xs.map((x) => x.states.PollStacks ?? 0))} |`
    )
  }
  for (const [kind, xs] of byKind) {
    const names = [...new Set(xs.flatMap((x) => Object.keys(x.states)))]
    const states = names.map((n) => `${n} ${median(xs.map((x) => x.states[n] ?? 0))}`)
    console.log(`- ${kind}: ${states.join(', ')}`)
  }
  const createRuns = byKind.get('cluster-create') ?? []
  const fixed = median(createRuns.map((x) => x.entered - 3 * (x.states.PollStacks ?? 0)))
  const awsPolls = (seconds: number) => {
    let t = 0
    let polls = 0
    for (let wait = 1; t < seconds; polls++) {
      t += wait
      wait = nextPollSeconds(polls + 1, 30)
    }
    return polls
  }
  console.log(
    `\nOn AWS (waits 1, 2, 4 … 30 s): a create is ${fixed} transitions plus 3 per poll — ` +
      [5, 10, 20].map((m) => `${fixed + 3 * awsPolls(m * 60)} for a ${m}-minute stack`).join(', ')
  )

  const row = (label: string, xs: Tally[]) => {
    const calls = new Map<string, number[]>()
    for (const t of xs)
      for (const [c, n] of Object.entries(t.calls)) calls.set(c, [...(calls.get(c) ?? []), n])
    const mix = [...calls]
      .map(([c, ns]) => `${c} ${median([...ns, ...Array(xs.length - ns.length).fill(0)])}`)
      .join(', ')
    const m = (f: (t: Tally) => number) => median(xs.map(f))
    const requests = m((t) => Object.values(t.calls).reduce((a, b) => a + b, 0))
    console.log(
      `| ${label} | ${xs.length} | ${requests} | ${mix || '—'} | ${m((t) => t.itemsRead)} | ` +
        `${m((t) => t.itemsWritten)} | ${m((t) => t.readUnits)} | ${m((t) => t.writeUnits)} |`
    )
  }
  console.log(
    '\n| DynamoDB per call (median) | calls | requests | by command | items read | items written | RCU | WCU |'
  )
  console.log('|---|---:|---:|---|---:|---:|---:|---:|')
  for (const [op, xs] of Object.entries(report.requests))
    if (op !== 'setup' && op !== 'watch') row(op, xs)
  for (const [kind, xs] of byKind)
    row(
      `workflow ${kind}`,
      xs.map((x) => x.dynamo)
    )
}
