import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  type ClusterView,
  createCluster,
  createTemplate,
  deleteCluster,
  SEEDED,
  waitFor,
} from '../integration/lifecycle-support'
import { api, type RunningBerth, startBerth } from '../support/berth'
import { coeClient, describeCli, MAGNUM } from '../support/cli'

/**
 * Debian's real client against Berth for what users do with a cluster's certificates:
 * `openstack coe ca show/sign/rotate` and `openstack coe cluster config`, whose kubeconfig and
 * Docker environment are checked with openssl (the chain validates, the CA is the cluster's).
 * The clusters are made by the lifecycle on the development cloud, as `npm start` runs it.
 */

const sandbox = mkdtempSync(join(tmpdir(), 'berth-osc-ca-'))
const run = Date.now().toString(36)

// `coe cluster config` picks its `export` syntax from the login shell.
const { cli, osc, ok } = coeClient(sandbox, { SHELL: '/bin/bash' })

const path = (...parts: string[]) => join(sandbox, ...parts)
const write = (name: string, content: string) => {
  writeFileSync(path(name), content)
  return path(name)
}
const openssl = (...args: string[]) =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** `openssl verify` of `leaf` against exactly the CA in `ca` (files): its output, or its error. */
const verify = (ca: string, leaf: string, purpose = 'sslclient'): string => {
  try {
    return openssl('verify', '-purpose', purpose, '-CAfile', ca, leaf).trim()
  } catch (e) {
    return `FAILED: ${(e as { stderr?: string }).stderr ?? e}`
  }
}

const pemOf = (stdout: string) => {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(stdout)
  if (!m) throw new Error(`no certificate in: ${stdout}`)
  return m[0].endsWith('\n') ? m[0] : `${m[0]}\n`
}

const caOf = async (uuid: string, type = '') => {
  const r = await api('demo').get<{ pem: string }>(
    `/v1/certificates/${uuid}${type ? `?ca_cert_type=${type}` : ''}`
  )
  expect(r.status, r.text).toBe(200)
  return r.body.pem
}

const publicKey = (args: string[]) => openssl(...args, '-pubout')

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[]
  users: { name: string; user: Record<string, string> }[]
  contexts: { name: string; context: { cluster: string; user: string } }[]
  'current-context': string
}

let berth: RunningBerth
let k8s: ClusterView
let swarm: ClusterView
const k8sName = `ca-k8s-${run}`

describeCli('openstack coe ca and cluster config (python3-magnumclient)', () => {
  beforeAll(async () => {
    berth = await startBerth()
    const [k8sTemplate, swarmTemplate] = await Promise.all([
      createTemplate('demo', {
        ...SEEDED,
        name: `ca-k8s-${run}`,
        coe: 'kubernetes',
        image_id: 'fedora-coreos',
        labels: { kube_tag: 'v1.28.9' },
      }),
      createTemplate('demo', {
        ...SEEDED,
        name: `ca-swarm-${run}`,
        coe: 'swarm-mode',
        image_id: 'fedora-coreos',
      }),
    ])
    const [k, s] = await Promise.all([
      createCluster('demo', { name: k8sName, cluster_template_id: k8sTemplate, node_count: 1 }),
      createCluster('demo', { name: `ca-swarm-${run}`, cluster_template_id: swarmTemplate }),
    ])
    k8s = await waitFor('demo', k, (c) => c.status === 'CREATE_COMPLETE')
    swarm = await waitFor('demo', s, (c) => c.status === 'CREATE_COMPLETE')
  })

  afterAll(async () => {
    for (const c of [k8s, swarm]) if (c) await deleteCluster('demo', c.uuid).catch(() => undefined)
    await berth?.stop()
  })

  it('ca show prints the cluster’s CA, by name or uuid; the legacy magnum client too', async () => {
    const ca = await caOf(k8s.uuid)
    expect(pemOf(await ok('demo', 'ca', 'show', k8sName))).toBe(ca)
    expect(pemOf(await ok('demo', 'ca', 'show', k8s.uuid))).toBe(ca)
    const legacy = await cli(MAGNUM, 'demo', ['ca-show', '--cluster', k8s.uuid])
    expect(legacy.code, legacy.stderr).toBe(0)
    expect(pemOf(legacy.stdout)).toBe(ca)
  })

  it('ca sign signs a CSR file with the cluster’s CA; openssl verifies it', async () => {
    const key = path('user.key')
    openssl('genrsa', '-out', key, '2048')
    const csr = path('user.csr')
    openssl('req', '-new', '-key', key, '-subj', '/CN=jane/O=developers', '-out', csr)
    const signed = write('user.crt', pemOf(await ok('demo', 'ca', 'sign', k8sName, csr)))
    const ca = write('k8s-ca.pem', await caOf(k8s.uuid))
    expect(verify(ca, signed)).toBe(`${signed}: OK`)
    expect(openssl('x509', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', signed).trim()).toBe(
      'subject=O=developers,CN=jane'
    )
    expect(publicKey(['x509', '-noout', '-pubkey', '-in', signed])).toBe(
      publicKey(['pkey', '-in', key])
    )
    const legacy = await cli(MAGNUM, 'demo', ['ca-sign', '--cluster', k8s.uuid, '--csr', csr])
    expect(legacy.code, legacy.stderr).toBe(0)
    expect(verify(ca, write('legacy.crt', pemOf(legacy.stdout)))).toMatch(/: OK$/)
  })

  it('cluster config writes a kubeconfig whose CA is the cluster’s and whose client chains to it', async () => {
    const dir = path('kube')
    mkdirSync(dir)
    const out = await ok('demo', 'cluster', 'config', k8sName, '--dir', dir)
    expect(out.trim()).toBe(`export KUBECONFIG=${dir}/config`)
    const config = parse(readFileSync(join(dir, 'config'), 'utf8')) as Kubeconfig
    const current = config.contexts.find((c) => c.name === config['current-context'])
    const cluster = config.clusters.find((c) => c.name === current?.context.cluster)
    const user = config.users.find((u) => u.name === current?.context.user)
    expect(cluster?.cluster.server).toBe(k8s.api_address)
    const b64 = (v: string | undefined) => Buffer.from(v ?? '', 'base64').toString('utf8')
    const caPem = b64(cluster?.cluster['certificate-authority-data'])
    expect(caPem).toBe(await caOf(k8s.uuid))
    const ca = write('kubeconfig-ca.pem', caPem)
    const cert = write('kubeconfig-cert.pem', b64(user?.user['client-certificate-data']))
    const key = write('kubeconfig-key.pem', b64(user?.user['client-key-data']))
    expect(verify(ca, cert)).toBe(`${cert}: OK`)
    expect(openssl('x509', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', cert).trim()).toBe(
      'subject=O=system:masters,CN=admin'
    )
    expect(publicKey(['x509', '-noout', '-pubkey', '-in', cert])).toBe(
      publicKey(['pkey', '-in', key])
    )
    // The etcd and front-proxy CAs do not vouch for it.
    const etcd = write('etcd-ca.pem', await caOf(k8s.uuid, 'etcd'))
    expect(verify(etcd, cert)).toMatch(/^FAILED/)
  })

  it('cluster config --output-certs writes the Docker environment of a swarm cluster', async () => {
    const dir = path('docker')
    mkdirSync(dir)
    const out = await ok('demo', 'cluster', 'config', swarm.uuid, '--dir', dir, '--output-certs')
    expect(out.trim().split('\n')).toEqual([
      `export DOCKER_HOST=${swarm.api_address}`,
      `export DOCKER_CERT_PATH=${dir}`,
      'export DOCKER_TLS_VERIFY=True',
    ])
    expect(swarm.api_address).toMatch(/^tcp:\/\/[\d.]+:2375$/)
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toBe(await caOf(swarm.uuid))
    expect(verify(join(dir, 'ca.pem'), join(dir, 'cert.pem'))).toMatch(/: OK$/)
    expect(publicKey(['x509', '-noout', '-pubkey', '-in', join(dir, 'cert.pem')])).toBe(
      publicKey(['pkey', '-in', join(dir, 'key.pem')])
    )
    // Each cluster has CAs of its own.
    expect(verify(write('k8s-ca-2.pem', await caOf(k8s.uuid)), join(dir, 'cert.pem'))).toMatch(
      /^FAILED/
    )
  })

  it('alt can neither show, sign nor configure demo’s cluster', async () => {
    const show = await osc('alt', 'ca', 'show', k8s.uuid)
    expect(show.code).not.toBe(0)
    expect(show.stderr).toMatch(/could not be found/)
    const csr = path('user.csr')
    expect((await osc('alt', 'ca', 'sign', k8s.uuid, csr)).code).not.toBe(0)
    const dir = path('alt')
    mkdirSync(dir)
    expect((await osc('alt', 'cluster', 'config', k8s.uuid, '--dir', dir)).code).not.toBe(0)
    expect(existsSync(join(dir, 'config'))).toBe(false)
    expect((await osc('alt', 'ca', 'rotate', k8s.uuid)).code).not.toBe(0)
  })

  it('ca rotate replaces the CAs through an update; the old kubeconfig no longer validates', async () => {
    const before = await caOf(k8s.uuid)
    const out = await ok('demo', 'ca', 'rotate', k8sName)
    expect(out.trim()).toBe(
      `Request to rotate the CA certificate for cluster ${k8s.uuid} has been accepted.`
    )
    const done = await waitFor('demo', k8s.uuid, (c) => c.status !== 'UPDATE_IN_PROGRESS', 45_000)
    expect(done.status, done.status_reason ?? '').toBe('UPDATE_COMPLETE')
    const after = pemOf(await ok('demo', 'ca', 'show', k8s.uuid))
    expect(after).not.toBe(before)
    const newCa = write('rotated-ca.pem', after)
    expect(verify(newCa, path('kubeconfig-cert.pem'))).toMatch(/^FAILED/)
    // A fresh kubeconfig works with the new CA.
    const dir = path('kube-rotated')
    mkdirSync(dir)
    await ok('demo', 'cluster', 'config', k8s.uuid, '--dir', dir)
    const config = parse(readFileSync(join(dir, 'config'), 'utf8')) as Kubeconfig
    const data = (v: string | undefined) => Buffer.from(v ?? '', 'base64').toString('utf8')
    expect(data(config.clusters[0]?.cluster['certificate-authority-data'])).toBe(after)
    const cert = write('rotated-cert.pem', data(config.users[0]?.user['client-certificate-data']))
    expect(verify(newCa, cert)).toBe(`${cert}: OK`)
  })

  it('ca rotate is refused for a driver that cannot rotate (swarm), as Magnum does', async () => {
    const r = await osc('demo', 'ca', 'rotate', swarm.uuid)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/Rotating the CA certificate is not supported/)
  })
})
