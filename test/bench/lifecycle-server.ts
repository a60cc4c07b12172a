import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Orchestrator } from '@berth/core/ports/orchestrator'
import { startDevCloud } from '@berth/devcloud'
import { startLocalBackends } from '@berth/local/backends'
import { serveFetch } from '@berth/local/http-server'
import { freePort } from '@berth/local/ports'
import { loadDefinitions } from '@berth/local/workflows/definitions'
import { type ExecutionEvent, LocalOrchestrator } from '@berth/local/workflows/local-orchestrator'
import { loadConfig } from '@berth/shared/config'
import { onDynamoClient } from '@berth/store/client'
import { createApp } from '../../functions/api/app'
import { createDeps } from '../../functions/api/deps'
import { createLifecycleDeps } from '../../functions/workflow/deps'

/**
 * The system under test for `npm run bench:lifecycle`, in a process of its own: DynamoDB Local,
 * the development cloud and Berth (API and local workflow runner) on free loopback ports, put
 * together like serveApi does but instrumented. Every DynamoDB request is counted against the
 * API request (by its `x-bench-op` header) or the workflow execution it was made for, through
 * AsyncLocalStorage; every state of every execution is counted. The parent asks over IPC.
 */

/** DynamoDB work done for one API request or one workflow execution. */
export interface Tally {
  /** Requests by operation (GetItem, Query, TransactWriteItems…). */
  calls: Record<string, number>
  itemsRead: number
  itemsWritten: number
  /** Capacity units DynamoDB Local reported (ReturnConsumedCapacity TOTAL). */
  readUnits: number
  writeUnits: number
  failed: number
}

export interface ExecutionCount {
  name: string
  kind: string
  clusterUuid: string
  entered: number
  retried: number
  /** StateEntered by state name. */
  states: Record<string, number>
  dynamo: Tally
}

export interface Report {
  requests: Record<string, Tally[]>
  executions: ExecutionCount[]
}

export type Question = { ask: 'stack'; stackId: string } | { ask: 'report' }
export type Ask = Question & { id: number }

const newTally = (): Tally => ({
  calls: {},
  itemsRead: 0,
  itemsWritten: 0,
  readUnits: 0,
  writeUnits: 0,
  failed: 0,
})

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems'])
const WITH_CAPACITY = new Set([
  ...READS,
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
])

type Json = Record<string, unknown>
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const sumLists = (v: unknown): number =>
  Object.values((v ?? {}) as Json).reduce<number>((n, x) => n + list(x).length, 0)

const itemsRead = (command: string, out: Json): number => {
  if (command === 'GetItem') return out.Item ? 1 : 0
  if (command === 'Query' || command === 'Scan') return Number(out.Count ?? 0)
  if (command === 'BatchGetItem') return sumLists(out.Responses)
  if (command === 'TransactGetItems') return list(out.Responses).length
  return 0
}

const itemsWritten = (command: string, input: Json): number => {
  if (command === 'PutItem' || command === 'UpdateItem' || command === 'DeleteItem') return 1
  // Condition checks write nothing but are billed as writes; they are counted with the rest.
  if (command === 'TransactWriteItems') return list(input.TransactItems).length
  if (command === 'BatchWriteItem') return sumLists(input.RequestItems)
  return 0
}

const units = (consumed: unknown): number =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce<number>(
    (n, c) => n + Number((c as Json).CapacityUnits ?? 0),
    0
  )

const tallies = new AsyncLocalStorage<Tally>()

// Middleware sees each call once (its retries included), in the wire form: raw output.
onDynamoClient((db) => {
  db.use(async (call, next) => {
    const tally = tallies.getStore()
    if (!tally) return next(call)
    const command = call.operation
    const input = call.input
    if (WITH_CAPACITY.has(command)) input.ReturnConsumedCapacity ??= 'TOTAL'
    tally.calls[command] = (tally.calls[command] ?? 0) + 1
    try {
      const out = await next(call)
      tally.itemsRead += itemsRead(command, out)
      tally.itemsWritten += itemsWritten(command, input)
      if (READS.has(command)) tally.readUnits += units(out.ConsumedCapacity)
      else tally.writeUnits += units(out.ConsumedCapacity)
      return out
    } catch (e) {
      tally.failed++
      throw e
    }
  })
})

const dataDir = await mkdtemp(join(tmpdir(), 'berth-bench-lc-'))
const base = loadConfig({
  BERTH_PORT: String(await freePort()),
  BERTH_DYNAMODB_PORT: '0',
  BERTH_DATA_DIR: dataDir,
  BERTH_LOG_LEVEL: 'ERROR',
  ...(process.env.BERTH_LOCAL_POLL_MS
    ? { BERTH_LOCAL_POLL_MS: process.env.BERTH_LOCAL_POLL_MS }
    : {}),
})
// The cloud is started here rather than by startLocalBackends, to read its stacks' times.
const dev = await startDevCloud({
  port: 0,
  host: '127.0.0.1',
  berthEndpoint: `http://127.0.0.1:${base.BERTH_PORT}/v1`,
})
const backends = await startLocalBackends(base, {
  ephemeral: true,
  cloud: { kind: 'external', authUrl: dev.authUrl, regionName: undefined, source: 'bench' },
})
const config = {
  ...backends.config,
  BERTH_SERVICE_USERNAME: 'berth',
  BERTH_SERVICE_PASSWORD: 'berth',
  BERTH_SERVICE_PROJECT_NAME: 'service',
}

const executions = new Map<string, ExecutionCount>()
const count = (name: string, e: ExecutionEvent) => {
  const x = executions.get(name)
  if (!x) return
  if (e.type === 'StateEntered') {
    x.entered++
    x.states[e.state.name] = (x.states[e.state.name] ?? 0) + 1
  }
  if (e.type === 'StateRetried') x.retried++
}
const lifecycle = await createLifecycleDeps(config)
const local = new LocalOrchestrator(lifecycle, loadDefinitions(), {
  pollMs: config.BERTH_LOCAL_POLL_MS,
  retryMs: config.BERTH_LOCAL_RETRY_MS,
  onEvent: count,
})
// Each execution runs under its own tally, not the tally of the request that started it.
const orchestrator: Orchestrator = {
  start: (name, input) => {
    const x: ExecutionCount = {
      name,
      kind: input.kind,
      clusterUuid: input.clusterUuid,
      entered: 0,
      retried: 0,
      states: {},
      dynamo: newTally(),
    }
    if (!executions.has(name)) executions.set(name, x)
    return tallies.run(executions.get(name)?.dynamo ?? x.dynamo, () => local.start(name, input))
  },
  isRunning: (name) => local.isRunning(name),
}
const deps = await createDeps(config, { orchestrator })
const app = createApp(deps)
const requests: Record<string, Tally[]> = {}
const served = await serveFetch(
  async (request) => {
    const op = request.headers.get('x-bench-op') ?? 'other'
    const tally = newTally()
    const response = await tallies.run(tally, () => app.fetch(request))
    requests[op] ??= []
    requests[op].push(tally)
    return response
  },
  { port: config.BERTH_PORT, host: config.BERTH_HOST }
)

const answer = (m: Ask): unknown => {
  if (m.ask === 'report') return { requests, executions: [...executions.values()] }
  dev.cloud.settlement.run()
  const s = dev.cloud.state.data.stacks.find((x) => x.id === m.stackId)
  return s ? { action: s.action, status: s.status, settledAt: s.settledAt } : null
}
process.on('message', (m: Ask) => process.send?.({ id: m.id, answer: answer(m) }))

const stop = async () => {
  await local.stop()
  await served.close()
  await deps.close()
  await backends.stop()
  await dev.close()
  await rm(dataDir, { recursive: true, force: true })
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('disconnect', () => void stop())
process.send?.({
  ready: true,
  api: served.url,
  authUrl: dev.authUrl,
  pollMs: config.BERTH_LOCAL_POLL_MS,
})
