import { type LoadResult, runLoad } from './load'

/**
 * `npm run bench:api -- --vs-magnum`: the same GET /v1/clustertemplates load on Berth and on
 * Magnum 15 in the OpenStack lab, with one Keystone behind both (the lab's) and the same
 * number of templates listed, measured one after the other in one run.
 */
export const LAB_AUTH_URL = process.env.BERTH_LAB_AUTH_URL ?? 'http://127.0.0.1:5000/v3'
export const MAGNUM_ROOT = (process.env.BERTH_LAB_MAGNUM_URL ?? 'http://127.0.0.1:9511').replace(
  /\/+$/,
  ''
)

/** A cluster template both services accept: on the lab, its image; elsewhere the devcloud's. */
export const templateBody = (name: string, onLab: boolean) => ({
  name,
  coe: 'kubernetes',
  image_id: onLab ? 'fedora-coreos-lab' : 'fedora-coreos',
  external_network_id: 'public',
  flavor_id: 'm1.small',
  master_flavor_id: 'm1.medium',
  keypair_id: 'demo-key',
  network_driver: 'flannel',
  labels: { kube_tag: 'v1.28.9' },
})

/** Creates `count` templates named `<prefix>-<i>`; returns their ids. */
export const seedTemplates = async (
  root: string,
  headers: Record<string, string>,
  prefix: string,
  count: number,
  onLab: boolean
): Promise<string[]> => {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${root}/v1/clustertemplates`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(templateBody(`${prefix}-${i}`, onLab)),
    })
    const text = await res.text()
    if (res.status !== 201) throw new Error(`creating a template at ${root}: ${res.status} ${text}`)
    ids.push((JSON.parse(text) as { uuid: string }).uuid)
  }
  return ids
}

/** How many templates GET /v1/clustertemplates lists for these headers. */
export const listedTemplates = async (
  root: string,
  headers: Record<string, string>
): Promise<number> => {
  const res = await fetch(`${root}/v1/clustertemplates`, { headers })
  const body = (await res.json()) as { clustertemplates?: unknown[] }
  if (res.status !== 200) throw new Error(`GET ${root}/v1/clustertemplates: ${res.status}`)
  return body.clustertemplates?.length ?? 0
}

export const removeTemplates = async (
  root: string,
  headers: Record<string, string>,
  ids: readonly string[]
): Promise<void> => {
  for (const id of ids) {
    await fetch(`${root}/v1/clustertemplates/${id}`, { method: 'DELETE', headers }).catch(
      () => undefined
    )
  }
}

export interface Side {
  name: string
  listed: number
  result: LoadResult
}

/** Loads Magnum as the Berth run was loaded, with its own templates seeded and removed after. */
export const measureMagnum = async (
  headers: Record<string, string>,
  templateCount: number,
  load: { connections: number; seconds: number; maxRequests: number; warmup: boolean }
): Promise<Side> => {
  const prefix = `bench-vs-${Date.now() % 100000}`
  const ids = await seedTemplates(MAGNUM_ROOT, headers, prefix, templateCount, true)
  try {
    const url = new URL(`${MAGNUM_ROOT}/v1/clustertemplates`)
    const listed = await listedTemplates(MAGNUM_ROOT, headers)
    if (load.warmup) await runLoad({ url, headers, ...load, seconds: 3 })
    const result = await runLoad({ url, headers, ...load })
    return { name: 'Magnum 15', listed, result }
  } finally {
    await removeTemplates(MAGNUM_ROOT, headers, ids)
  }
}

/** The two throughputs side by side, and how many times Magnum's Berth's is. */
export const comparisonTable = (berth: Side, magnum: Side): string => {
  const row = (s: Side) =>
    `| ${s.name} | ${s.listed} | ${s.result.connections} | ${s.result.requestsPerSecond.toFixed(0)} | ${s.result.p50.toFixed(2)} | ${s.result.p99.toFixed(2)} | ${s.result.errors}/${s.result.requests} |`
  const ratio = berth.result.requestsPerSecond / magnum.result.requestsPerSecond
  return [
    '| service | templates listed | connections | req/s | p50 ms | p99 ms | errors |',
    '|---|---|---|---|---|---|---|',
    row(berth),
    row(magnum),
    '',
    `Berth/Magnum throughput ratio: ${ratio.toFixed(1)}×`,
  ].join('\n')
}
