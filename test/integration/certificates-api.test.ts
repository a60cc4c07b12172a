import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, identity, type RunningBerth, startBerth, testEnv, token } from '../support/berth'
import { createCluster, createTemplate, deleteCluster, SEEDED, waitFor } from './lifecycle-support'

/**
 * /v1/certificates over HTTP against the real lifecycle on the development cloud: a cluster's
 * CAs as its create workflow made them, CSRs signed and checked with openssl, tenant isolation
 * and Magnum's creator-only default (and an operator's override), CA rotation through the
 * update workflow with the servers kept and their metadata updated in place.
 */

const dir = mkdtempSync(join(tmpdir(), 'berth-certs-'))
const file = (name: string, content: string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}
const openssl = (...args: string[]) =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** A key and a CSR made by openssl, as a user or a node would. */
const csrFor = (name: string, subject: string, extensions: string[] = []) => {
  const key = file(`${name}.key`, '')
  const csr = file(`${name}.csr`, '')
  openssl(
    'req',
    ...['-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-subj', subject],
    ...extensions.flatMap((e) => ['-addext', e]),
    ...['-out', csr]
  )
  return execFileSync('cat', [csr], { encoding: 'utf8' })
}

/** openssl verify of a leaf against one CA; true when the chain holds. */
const verifies = (ca: string, leaf: string, purpose = 'sslclient'): boolean => {
  try {
    openssl('verify', '-purpose', purpose, '-CAfile', file('ca.pem', ca), file('leaf.pem', leaf))
    return true
  } catch {
    return false
  }
}

const subjectOf = (pem: string, which: '-subject' | '-issuer' = '-subject') =>
  openssl('x509', '-noout', which, '-nameopt', 'RFC2253', '-in', file('x.pem', pem))
    .trim()
    .replace(/^(subject|issuer)=/, '')

interface CaBody {
  cluster_uuid: string
  bay_uuid?: string
  pem: string
  csr?: string
  ca_cert_type?: string
  links: { href: string; rel: string }[]
}

/** Requests as a second member of demo's project: alt, granted member on demo for this file. */
const teammate = { token: '', userId: '' }
const asTeammate = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${berth.url}${path}`, {
    method,
    headers: {
      'X-Auth-Token': teammate.token,
      'OpenStack-API-Version': 'container-infra latest',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as CaBody, text }
}

const keystone = (method: string, path: string, t: string, body?: unknown) =>
  fetch(`${testEnv().authUrl}${path}`, {
    method,
    headers: { 'X-Auth-Token': t, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

const memberRoleId = async (admin: string): Promise<string> => {
  const res = await keystone('GET', '/roles?name=member', admin)
  const { roles } = (await res.json()) as { roles: { id: string }[] }
  const id = roles[0]?.id
  if (!id) throw new Error('no member role')
  return id
}

const grant = async (method: 'PUT' | 'DELETE') => {
  const admin = await token('admin')
  const [demo, alt] = await Promise.all([identity('demo'), identity('alt')])
  const role = await memberRoleId(admin)
  const res = await keystone(
    method,
    `/projects/${demo.projectId}/users/${alt.userId}/roles/${role}`,
    admin
  )
  if (res.status !== 204 && !(method === 'DELETE' && res.status === 404)) {
    throw new Error(`grant ${method}: ${res.status} ${await res.text()}`)
  }
}

const teammateToken = async () => {
  const domain = { name: 'Default' }
  const res = await keystone('POST', '/auth/tokens', '', {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: 'alt', domain, password: 'alt' } },
      },
      scope: { project: { name: 'demo', domain } },
    },
  })
  if (res.status !== 201) throw new Error(`teammate token: ${res.status} ${await res.text()}`)
  teammate.token = res.headers.get('x-subject-token') ?? ''
  teammate.userId = ((await res.json()) as { token: { user: { id: string } } }).token.user.id
}

let berth: RunningBerth

/**
 * A Berth on the port the previous one had: the client's pool may still hold sockets to the
 * old one, which fail once each, so the first requests are retried until one goes through.
 */
const restart = async (overrides: Parameters<typeof startBerth>[0] = {}) => {
  const started = await startBerth(overrides)
  for (let i = 0; ; i++) {
    try {
      await api('demo').get('/v1')
      return started
    } catch (e) {
      if (i >= 20) throw e
    }
  }
}
let cluster: string
const name = `certs-${Date.now().toString(36)}`

beforeAll(async () => {
  berth = await startBerth()
  const template = await createTemplate('demo', {
    ...SEEDED,
    name: `${name}-fcos`,
    coe: 'kubernetes',
    image_id: 'fedora-coreos',
    labels: { kube_tag: 'v1.28.9' },
  })
  cluster = await createCluster('demo', {
    name,
    cluster_template_id: template,
    master_count: 1,
    node_count: 2,
  })
  await waitFor('demo', cluster, (c) => c.status === 'CREATE_COMPLETE')
  await grant('PUT')
  await teammateToken()
})

afterAll(async () => {
  await grant('DELETE').catch(() => undefined)
  if (cluster) await deleteCluster('demo', cluster).catch(() => undefined)
  await berth?.stop()
})

const ca = async (query = '') => {
  const r = await api('demo').get<CaBody>(`/v1/certificates/${cluster}${query}`)
  expect(r.status, r.text).toBe(200)
  return r.body.pem
}

describe('GET /v1/certificates/{cluster}', () => {
  it('serves the three CAs the create workflow made, named after the cluster', async () => {
    const r = await api('demo').get<CaBody>(`/v1/certificates/${cluster}`)
    expect(r.status, r.text).toBe(200)
    expect(Object.keys(r.body).sort()).toEqual(['cluster_uuid', 'links', 'pem'])
    expect(r.body.cluster_uuid).toBe(cluster)
    expect(r.body.links).toEqual([
      { href: `${berth.url}/v1/certificates/${cluster}`, rel: 'self' },
      { href: `${berth.url}/certificates/${cluster}`, rel: 'bookmark' },
    ])
    const kubernetes = r.body.pem
    const etcd = await ca('?ca_cert_type=etcd')
    const frontProxy = await ca('?ca_cert_type=front_proxy')
    expect(await ca('?ca_cert_type=front-proxy')).toBe(frontProxy)
    expect(await ca('?ca_cert_type=kubernetes')).toBe(kubernetes)
    expect(new Set([kubernetes, etcd, frontProxy]).size).toBe(3)
    for (const [pem, unit] of [
      [kubernetes, 'kubernetes'],
      [etcd, 'etcd'],
      [frontProxy, 'front-proxy'],
    ] as const) {
      expect(subjectOf(pem)).toBe(`OU=${unit},CN=${name}`)
      expect(subjectOf(pem, '-issuer')).toBe(subjectOf(pem))
      expect(openssl('x509', '-noout', '-text', '-in', file('ca-text.pem', pem))).toMatch(/CA:TRUE/)
    }
    // By name too, and Zed's bay_uuid below 1.11.
    const byName = await api('demo').get<CaBody>(`/v1/certificates/${name}`, {
      headers: { 'OpenStack-API-Version': 'container-infra 1.10' },
    })
    expect(byName.body).toMatchObject({ cluster_uuid: cluster, bay_uuid: cluster, pem: kubernetes })
  })

  it('refuses an unknown ca_cert_type or query parameter with a 400', async () => {
    const bad = await api('demo').get(`/v1/certificates/${cluster}?ca_cert_type=kubelet`)
    expect(bad.status).toBe(400)
    expect(bad.text).toContain("Invalid ca_cert_type 'kubelet'")
    expect((await api('demo').get(`/v1/certificates/${cluster}?foo=1`)).status).toBe(400)
  })
})

describe('POST /v1/certificates', () => {
  it('signs a CSR with the CA asked for; openssl verifies the chain, and nothing makes a CA', async () => {
    const csr = csrFor('node', '/CN=system:node:n1/O=system:nodes', [
      'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign',
      'extendedKeyUsage=serverAuth,clientAuth',
      'subjectAltName=IP:10.0.0.7,DNS:n1',
      'basicConstraints=critical,CA:TRUE',
    ])
    const r = await api('demo').post<CaBody>('/v1/certificates', { cluster_uuid: cluster, csr })
    expect(r.status, r.text).toBe(201)
    expect(r.body).toMatchObject({ cluster_uuid: cluster, csr })
    expect(r.headers.get('location')).toBe(`${berth.url}/v1/certificates/${cluster}`)
    const kubernetes = await ca()
    expect(verifies(kubernetes, r.body.pem, 'sslserver')).toBe(true)
    expect(verifies(kubernetes, r.body.pem, 'sslclient')).toBe(true)
    expect(verifies(await ca('?ca_cert_type=etcd'), r.body.pem)).toBe(false)
    expect(subjectOf(r.body.pem)).toBe('O=system:nodes,CN=system:node:n1')
    const text = openssl('x509', '-noout', '-text', '-in', file('leaf-text.pem', r.body.pem))
    expect(text).toContain('CA:FALSE')
    expect(text).not.toContain('Certificate Sign')
    expect(text).toMatch(/IP Address:10\.0\.0\.7, DNS:n1/)
    const days =
      (Date.parse(
        openssl('x509', '-noout', '-enddate', '-in', file('e.pem', r.body.pem)).split('=')[1] ?? ''
      ) -
        Date.now()) /
      86_400_000
    expect(Math.round(days)).toBe(1825)
  })

  it('signs with the etcd and front-proxy CAs, takes bay_uuid and echoes ca_cert_type', async () => {
    for (const type of ['etcd', 'front-proxy']) {
      const csr = csrFor(`c-${type}`, `/CN=${type}-client`, ['extendedKeyUsage=clientAuth'])
      const r = await api('demo').post<CaBody>('/v1/certificates', {
        bay_uuid: cluster,
        csr,
        ca_cert_type: type,
      })
      expect(r.status, r.text).toBe(201)
      expect(r.body.ca_cert_type).toBe(type)
      expect(verifies(await ca(`?ca_cert_type=${type}`), r.body.pem)).toBe(true)
      expect(verifies(await ca(), r.body.pem)).toBe(false)
    }
  })

  it('answers bad requests as Magnum does', async () => {
    const csr = csrFor('bad', '/CN=x')
    const post = (body: unknown) => api('demo').post('/v1/certificates', body)
    const missing = await post({ csr })
    expect(missing.status).toBe(400)
    expect(missing.text).toContain('Mandatory field missing: cluster_uuid.')
    expect((await post({ cluster_uuid: cluster })).status).toBe(400)
    expect((await post({ cluster_uuid: cluster, csr, extra: 1 })).text).toContain(
      'Unknown attribute for argument certificate: extra'
    )
    const garbage = await post({ cluster_uuid: cluster, csr: 'not a csr' })
    expect(garbage.status).toBe(400)
    expect(garbage.text).toContain('Received invalid csr')
    // ClusterNotFound on POST is a 400 in Magnum.
    const nowhere = await post({ cluster_uuid: '00000000-0000-4000-8000-000000000000', csr })
    expect(nowhere.status).toBe(400)
    expect(nowhere.text).toContain('could not be found')
  })
})

describe('Who may fetch and sign', () => {
  it("hides demo's cluster from alt's project: 404 on GET and PATCH, 400 on POST", async () => {
    const csr = csrFor('alt', '/CN=alt')
    expect((await api('alt').get(`/v1/certificates/${cluster}`)).status).toBe(404)
    const post = await api('alt').post('/v1/certificates', { cluster_uuid: cluster, csr })
    expect(post.status).toBe(400)
    expect(post.text).toContain(`Cluster ${cluster} could not be found.`)
    expect((await api('alt').patch(`/v1/certificates/${cluster}`, undefined)).status).toBe(404)
  })

  it('lets admins in, and by default refuses a second member of the project', async () => {
    const admin = await api('admin').get<CaBody>(`/v1/certificates/${cluster}`)
    expect(admin.status).toBe(200)
    expect(teammate.userId).toBe((await identity('alt')).userId)
    const get = await asTeammate('GET', `/v1/certificates/${cluster}`)
    expect(get.status).toBe(403)
    expect(get.text).toContain('certificate:get')
    const post = await asTeammate('POST', '/v1/certificates', {
      cluster_uuid: cluster,
      csr: csrFor('mate', '/CN=mate'),
    })
    expect(post.status).toBe(403)
    expect(post.text).toContain('certificate:create')
  })

  it('lets any project member fetch and sign when the operator’s policy file says so', async () => {
    await berth.stop()
    const policy = file(
      'policy.yaml',
      [
        '"certificate:get": "rule:admin_or_project_reader"',
        '"certificate:create": "rule:admin_or_project_member"',
        '',
      ].join('\n')
    )
    berth = await restart({ BERTH_POLICY_FILE: policy })
    try {
      const get = await asTeammate('GET', `/v1/certificates/${cluster}`)
      expect(get.status, get.text).toBe(200)
      const csr = csrFor('mate2', '/CN=mate')
      const post = await asTeammate('POST', '/v1/certificates', { cluster_uuid: cluster, csr })
      expect(post.status, post.text).toBe(201)
      expect(verifies(get.body.pem, post.body.pem)).toBe(true)
      // Other projects stay out whatever the rule says.
      expect((await api('alt').get(`/v1/certificates/${cluster}`)).status).toBe(404)
    } finally {
      await berth.stop()
      berth = await restart()
    }
  })
})

/** The public URL of a service in demo's catalog. */
const endpoint = async (type: string): Promise<string> => {
  const demo = await token('demo')
  const res = await fetch(`${testEnv().authUrl}/auth/catalog`, {
    headers: { 'X-Auth-Token': demo },
  })
  const { catalog } = (await res.json()) as {
    catalog: { type: string; endpoints: { interface: string; url: string }[] }[]
  }
  const url = catalog
    .find((e) => e.type === type)
    ?.endpoints.find((e) => e.interface === 'public')?.url
  if (!url) throw new Error(`no ${type} endpoint`)
  return url.replace(/\/$/, '')
}

describe('Drivers that make their own certificates (kubeadm)', () => {
  it("get the cluster's CAs in their stack, and workers pin the CA Berth serves", async () => {
    const template = await createTemplate('demo', {
      ...SEEDED,
      name: `${name}-kubeadm`,
      coe: 'kubernetes',
      image_id: 'ubuntu-jammy',
    })
    const uuid = await createCluster('demo', { cluster_template_id: template, node_count: 1 })
    try {
      const c = await waitFor('demo', uuid, (v) => v.status === 'CREATE_COMPLETE')
      const pem = (await api('demo').get<CaBody>(`/v1/certificates/${uuid}`)).body.pem
      const spki = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], {
        input: openssl('x509', '-noout', '-pubkey', '-in', file('kubeadm-ca.pem', pem)),
      })
      const pin = `sha256:${createHash('sha256').update(spki).digest('hex')}`
      const heat = await endpoint('orchestration')
      const res = await fetch(`${heat}/stacks/${c.cluster_id}`, {
        headers: { 'X-Auth-Token': await token('demo') },
      })
      const { stack } = (await res.json()) as { stack: { parameters: Record<string, string> } }
      expect(stack.parameters.k8s_ca_hash).toBe(pin)
      // The keys are hidden parameters: Heat shows them masked.
      expect(stack.parameters.k8s_ca_key).toBe('******')
    } finally {
      await deleteCluster('demo', uuid)
    }
  })
})

interface ServerDetail {
  id: string
  name: string
  metadata: Record<string, string>
}

const servers = async (): Promise<ServerDetail[]> => {
  const list = await fetch(`${await endpoint('compute')}/servers/detail`, {
    headers: { 'X-Auth-Token': await token('demo') },
  })
  return (
    ((await list.json()) as { servers: ServerDetail[] }).servers
      // Heat names servers after the stack, which is named after the cluster.
      .filter((s) => s.name.startsWith(`${name}-`))
      .sort((a, b) => a.id.localeCompare(b.id))
  )
}

describe('PATCH /v1/certificates/{cluster}', () => {
  it('rotates every CA through the update workflow, in place, revoking what was signed before', async () => {
    const before = { kubernetes: await ca(), etcd: await ca('?ca_cert_type=etcd') }
    const signed = await api('demo').post<CaBody>('/v1/certificates', {
      cluster_uuid: cluster,
      csr: csrFor('old', '/CN=admin/O=system:masters'),
    })
    expect(verifies(before.kubernetes, signed.body.pem)).toBe(true)
    const mine = await servers()
    expect(mine.length).toBeGreaterThanOrEqual(3)
    const generation = new Set(mine.map((s) => s.metadata.berth_ca_rotation))
    expect(generation.size).toBe(1)

    const r = await api('demo').request<{ uuid: string }>('PATCH', `/v1/certificates/${cluster}`)
    expect(r.status, r.text).toBe(202)
    expect(r.body).toEqual({ uuid: cluster })
    const during = await api('demo').get<{ status: string }>(`/v1/clusters/${cluster}`)
    expect(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE']).toContain(during.body.status)
    const done = await waitFor('demo', cluster, (c) => c.status !== 'UPDATE_IN_PROGRESS')
    expect(done.status, done.status_reason ?? '').toBe('UPDATE_COMPLETE')
    expect(done.node_count).toBe(2)

    const after = { kubernetes: await ca(), etcd: await ca('?ca_cert_type=etcd') }
    expect(after.kubernetes).not.toBe(before.kubernetes)
    expect(after.etcd).not.toBe(before.etcd)
    expect(subjectOf(after.kubernetes)).toBe(`OU=kubernetes,CN=${name}`)
    // What was signed before no longer chains to the cluster's CA: access revoked.
    expect(verifies(after.kubernetes, signed.body.pem)).toBe(false)

    // The same servers, their metadata now naming the new generation.
    const now = await servers()
    expect(now.map((s) => s.id)).toEqual(mine.map((s) => s.id))
    const rotated = new Set(now.map((s) => s.metadata.berth_ca_rotation))
    expect(rotated.size).toBe(1)
    expect([...rotated][0]).not.toBe([...generation][0])
  })

  it('is open to project members (Magnum: admin_or_project_member) but one operation at a time', async () => {
    const r = await asTeammate('PATCH', `/v1/certificates/${cluster}`)
    expect(r.status, r.text).toBe(202)
    const again = await api('demo').request('PATCH', `/v1/certificates/${cluster}`)
    expect(again.status).toBe(400)
    expect(again.text).toContain('when status is \\"UPDATE_IN_PROGRESS\\" is not supported')
    const done = await waitFor('demo', cluster, (c) => c.status !== 'UPDATE_IN_PROGRESS')
    expect(done.status).toBe('UPDATE_COMPLETE')
  })

  it('refuses clusters without TLS and drivers that cannot rotate, with a 400', async () => {
    const noTls = await createTemplate('demo', {
      ...SEEDED,
      name: `${name}-notls`,
      coe: 'kubernetes',
      image_id: 'fedora-coreos',
      tls_disabled: true,
    })
    const swarm = await createTemplate('demo', {
      ...SEEDED,
      name: `${name}-swarm`,
      coe: 'swarm-mode',
      image_id: 'fedora-coreos',
    })
    for (const [template, message] of [
      [noTls, 'Rotating the CA certificate for a non-tls cluster is not supported.'],
      [swarm, 'Rotating the CA certificate is not supported for cluster'],
    ] as const) {
      const uuid = await createCluster('demo', { cluster_template_id: template, node_count: 1 })
      await waitFor('demo', uuid, (c) => c.status === 'CREATE_COMPLETE')
      const r = await api('demo').request('PATCH', `/v1/certificates/${uuid}`)
      expect(r.status, r.text).toBe(400)
      expect(r.text).toContain(message)
      // Their certificates exist all the same, as in Magnum.
      expect((await api('demo').get(`/v1/certificates/${uuid}`)).status).toBe(200)
      await deleteCluster('demo', uuid)
    }
  })
})
