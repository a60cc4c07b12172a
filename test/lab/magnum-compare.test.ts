import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Difference,
  describeDifference,
  diff,
  isDeliberate,
  type Normalise,
  normalise,
} from './compare'
import {
  ensureLabQuotas,
  LAB,
  LAB_SEED,
  type LabBerth,
  MAGNUM_URL,
  type MagnumClient,
  magnumClient,
  type Reply,
  startLabBerth,
  until,
} from './lab-support'
import { DELIBERATE_DIFFERENCES } from './magnum-differences'

/**
 * Side by side with Magnum 15 on the lab (BERTH_LAB=1): the same cluster-template and cluster
 * requests, as demo, on the same Keystone, to Magnum (:9511) and to Berth (a port of its own,
 * the sandbox option on), at Magnum 15's newest microversion (1.10). Every difference in
 * status or body is either gone or listed, with its reason, in magnum-differences.ts (the
 * README's "Deliberate differences from Magnum" says the same).
 */
const VERSION = '1.10'
const run = randomUUID().slice(0, 6)

const TEMPLATE = {
  coe: 'kubernetes',
  image_id: LAB_SEED.image,
  external_network_id: LAB_SEED.externalNetwork,
  flavor_id: LAB_SEED.flavor,
  master_flavor_id: LAB_SEED.flavor,
  keypair_id: LAB_SEED.keypair,
  network_driver: 'flannel',
  docker_volume_size: 10,
  labels: { kube_tag: 'v1.23.3', availability_zone: 'nova' },
  master_lb_enabled: false,
  floating_ip_enabled: true,
  tags: 'lab,compare',
}

/** Cluster fields that follow the cluster's progress, which the two services make at their own pace. */
const PROGRESS = [
  'status',
  'status_reason',
  'stack_id',
  'api_address',
  'master_addresses',
  'node_addresses',
  'coe_version',
  'container_version',
  'health_status',
  'health_status_reason',
  'faults',
  'updated_at',
]

/** A refusal's first error, or what kind of answer it was. */
const gist = (r: Reply<unknown>): string => {
  const errors = (r.body as { errors?: { detail?: string }[] } | undefined)?.errors
  return errors?.[0]?.detail ?? `${r.status} with a body`
}

describe.runIf(LAB)('Berth side by side with Magnum 15 on the lab', () => {
  let berth: LabBerth
  let b: MagnumClient
  let m: MagnumClient
  let roots: Normalise
  const found: Difference[] = []
  const undo: (() => Promise<unknown>)[] = []

  /** Both answers to one request, compared; the pair is returned for follow-up requests. */
  const both = async <T>(
    request: string,
    send: (api: MagnumClient) => Promise<Reply<T>>,
    presenceOnly: readonly string[] = []
  ): Promise<{ magnum: Reply<T>; berth: Reply<T> }> => {
    const [magnum, ours] = await Promise.all([send(m), send(b)])
    if (magnum.status !== ours.status) {
      found.push({ request, path: '(status)', magnum: magnum.status, berth: ours.status })
    }
    if (magnum.status < 300 !== ours.status < 300) {
      // One refused what the other did: field by field would only list the whole body.
      found.push({ request, path: '(body)', magnum: gist(magnum), berth: gist(ours) })
      return { magnum, berth: ours }
    }
    found.push(
      ...diff(request, normalise(magnum.body, roots), normalise(ours.body, roots), presenceOnly)
    )
    return { magnum, berth: ours }
  }

  beforeAll(async () => {
    await ensureLabQuotas('demo')
    berth = await startLabBerth({ sandbox: true })
    b = magnumClient(berth.url, 'demo', VERSION)
    m = magnumClient(MAGNUM_URL, 'demo', VERSION)
    roots = { roots: [berth.url, MAGNUM_URL] }
  })
  afterAll(async () => {
    // Clusters first (unshifted), then the templates they use.
    for (const u of undo) await u().catch(() => undefined)
    await berth?.stop()
  }, 15 * 60_000)

  it(
    'answers cluster-template and cluster requests as Magnum does, but for the listed differences',
    async () => {
      // Cluster templates: create, show, list, update, and two refusals.
      const ct = await both<{ uuid: string }>('POST /v1/clustertemplates', (api) =>
        api.post('/v1/clustertemplates', { ...TEMPLATE, name: `cmp-${run}` })
      )
      expect(ct.magnum.status, ct.magnum.text).toBe(201)
      expect(ct.berth.status, ct.berth.text).toBe(201)
      const ids = new Map<MagnumClient, string>([
        [m, ct.magnum.body.uuid],
        [b, ct.berth.body.uuid],
      ])
      for (const [api, id] of ids) undo.push(() => api.delete(`/v1/clustertemplates/${id}`))
      await both('GET /v1/clustertemplates/{id}', (api) =>
        api.get(`/v1/clustertemplates/${ids.get(api)}`)
      )
      await both('GET /v1/clustertemplates (ours)', async (api) => {
        const r = await api.get<{ clustertemplates: { uuid: string }[] }>('/v1/clustertemplates')
        const ours = r.body.clustertemplates.filter((t) => t.uuid === ids.get(api))
        return { ...r, body: { clustertemplates: ours } }
      })
      await both('PATCH /v1/clustertemplates/{id}', (api) =>
        api.patch(`/v1/clustertemplates/${ids.get(api)}`, [
          // python-magnumclient sends labels as Python's repr of a dict.
          { op: 'replace', path: '/labels', value: "{'kube_tag': 'v1.24.0'}" },
          { op: 'add', path: '/labels/extra', value: 'x' },
          { op: 'replace', path: '/docker_volume_size', value: 20 },
        ])
      )
      await both('PATCH /v1/clustertemplates/{id} (add an existing field)', (api) =>
        api.patch(`/v1/clustertemplates/${ids.get(api)}`, [
          { op: 'add', path: '/docker_volume_size', value: 30 },
        ])
      )
      await both('PATCH /v1/clustertemplates/{id} (labels as a JSON object)', (api) =>
        api.patch(`/v1/clustertemplates/${ids.get(api)}`, [
          { op: 'replace', path: '/labels', value: { kube_tag: 'v1.25.0' } },
        ])
      )
      // Both the same again before clusters inherit the labels.
      await both('PATCH /v1/clustertemplates/{id} (labels back)', (api) =>
        api.patch(`/v1/clustertemplates/${ids.get(api)}`, [
          { op: 'replace', path: '/labels', value: "{'kube_tag': 'v1.24.0', 'extra': 'x'}" },
        ])
      )
      await both('POST /v1/clustertemplates (unknown image)', (api) =>
        api.post('/v1/clustertemplates', { ...TEMPLATE, name: `cmp-${run}-x`, image_id: 'nope' })
      )
      await both('POST /v1/clustertemplates (no coe)', (api) =>
        api.post('/v1/clustertemplates', { ...TEMPLATE, name: `cmp-${run}-y`, coe: undefined })
      )

      // Clusters: create, show and list while in progress, a refusal, delete.
      const cluster = await both<{ uuid: string }>('POST /v1/clusters', (api) =>
        api.post('/v1/clusters', {
          name: `cmp-${run}`,
          cluster_template_id: ids.get(api),
          master_count: 1,
          node_count: 1,
          create_timeout: 30,
        })
      )
      expect(cluster.magnum.status, cluster.magnum.text).toBe(202)
      expect(cluster.berth.status, cluster.berth.text).toBe(202)
      const clusters = new Map<MagnumClient, string>([
        [m, cluster.magnum.body.uuid],
        [b, cluster.berth.body.uuid],
      ])
      for (const [api, id] of clusters) {
        undo.unshift(async () => {
          await api.delete(`/v1/clusters/${id}`)
          await until(
            `cluster ${id} gone`,
            async () => (await api.get(`/v1/clusters/${id}`)).status,
            (s) => s === 404,
            10 * 60_000,
            { everyMs: 3000 }
          )
        })
      }
      await both(
        'GET /v1/clusters/{id}',
        (api) => api.get(`/v1/clusters/${clusters.get(api)}`),
        PROGRESS
      )
      await both(
        'GET /v1/clusters (ours)',
        async (api) => {
          const r = await api.get<{ clusters: { uuid: string }[] }>('/v1/clusters')
          return {
            ...r,
            body: { clusters: r.body.clusters.filter((c) => c.uuid === clusters.get(api)) },
          }
        },
        PROGRESS.map((p) => `clusters[].${p}`)
      )
      await both('DELETE /v1/clustertemplates/{id} (in use)', (api) =>
        api.delete(`/v1/clustertemplates/${ids.get(api)}`)
      )
      await both('POST /v1/clusters (unknown template)', (api) =>
        api.post('/v1/clusters', { name: `cmp-${run}-z`, cluster_template_id: randomUUID() })
      )
      await both('DELETE /v1/clusters/{id}', (api) =>
        api.delete(`/v1/clusters/${clusters.get(api)}`)
      )

      // Assess: every difference is a listed one, and every listed one still happens.
      const lines = found.map(
        (d) =>
          `${isDeliberate(d, DELIBERATE_DIFFERENCES) ? '  listed' : '  NEW   '} ${describeDifference(d)}`
      )
      console.log(`Differences from Magnum 15 (${found.length}):\n${lines.join('\n')}`)
      expect(
        found.filter((d) => !isDeliberate(d, DELIBERATE_DIFFERENCES)).map(describeDifference)
      ).toEqual([])
    },
    20 * 60_000
  )
})
