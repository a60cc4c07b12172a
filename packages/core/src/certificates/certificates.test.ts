import { describe, expect, it } from 'vitest'
import { createFrom, failure, forceStatus, principal, withTemplate } from '../clusters/test-support'
import { ErrorKind } from '../errors'
import { generateCertificates } from '../lifecycle/certificates'
import { createPolicy } from '../policy'
import type { CertificateAuthority } from '../ports/pki'
import type { CertificateDeps } from './deps'
import { issueCertificates, openCa } from './issue'
import { caKindOf, issuerOf } from './model'
import { getCaCertificate } from './read'
import { rotateCa } from './rotate'
import { signCertificate } from './sign'

/** A stand-in authority: PEMs that say what they are, so tests can tell which CA answered. */
const pki: CertificateAuthority = {
  keyAlgorithm: 'TEST',
  generate: async (issuer, now) => {
    const pair = (what: string) => ({
      certificate: `CERT ${what} ${issuer} ${now.getTime()}`,
      privateKey: `KEY ${what} ${now.getTime()}`,
    })
    return {
      kubernetes: pair('kubernetes'),
      etcd: pair('etcd'),
      front_proxy: pair('front_proxy'),
      client: pair('client'),
    }
  },
  sign: async (ca, csr) => `SIGNED(${csr}) BY ${ca.certificate} WITH ${ca.privateKey}`,
}

const demo = principal('demo')
const alt = principal('alt')
const admin = principal('admin')
const teammate = { ...demo, userId: 'u-teammate' }

const setup = async (
  o: { tls_disabled?: boolean; rotates?: boolean; overrides?: Record<string, string> } = {}
) => {
  const { f, t } = withTemplate({ tls_disabled: o.tls_disabled ?? false })
  const deps: CertificateDeps = {
    ...f.deps,
    pki,
    ...(o.overrides
      ? { policy: createPolicy({ defaults: 'secure-rbac', overrides: o.overrides }) }
      : {}),
    drivers: {
      find: (key) => ({ name: 'k8s_test', provides: [key], caRotation: o.rotates ?? true }),
      list: () => [],
    },
  }
  const a = await createFrom(deps, t, { name: 'c1' })
  const uuid = a.cluster.uuid
  const input = {
    projectId: a.cluster.project_id,
    clusterUuid: uuid,
    operationId: a.cluster.operation?.id ?? '',
    kind: 'cluster-create' as const,
    nodegroupUuid: null,
  }
  return { f, deps, uuid, input }
}

describe('certificates at create', () => {
  it('are made once by the create workflow, keys sealed to the cluster and their role', async () => {
    const { f, deps, uuid, input } = await setup()
    expect(f.clusters.clusters.get(uuid)?.certificates).toBeUndefined()
    expect(await generateCertificates(deps, input)).toEqual({ generated: true })
    const certs = f.clusters.clusters.get(uuid)?.certificates
    expect(certs?.kubernetes.certificate).toMatch(/^CERT kubernetes c1 /)
    expect(certs?.etcd.sealed_key).toBe(
      `sealed:${uuid}:KEY etcd ${certs?.generated_at && Date.parse(certs.generated_at)}`
    )
    expect(certs).toMatchObject({ key_algorithm: 'TEST', operation_id: input.operationId })
    expect(certs?.sealed_join_secret).toMatch(new RegExp(`^sealed:${uuid}:[0-9a-f]{64}$`))
    // A retried step keeps what nodes may already trust.
    expect(await generateCertificates(deps, input)).toEqual({ generated: false })
    expect(f.clusters.clusters.get(uuid)?.certificates).toEqual(certs)
    if (!certs) throw new Error('no certificates')
    expect(await openCa(deps.secrets, uuid, certs, 'front_proxy')).toEqual({
      certificate: certs.front_proxy.certificate,
      privateKey: expect.stringMatching(/^KEY front_proxy /),
    })
  })

  it('names the CAs after the cluster, or its uuid when the name cannot be a CN', async () => {
    expect(issuerOf({ name: 'prod', uuid: 'u' })).toBe('prod')
    expect(issuerOf({ name: 'x'.repeat(65), uuid: 'u' })).toBe('u')
    expect(issuerOf({ name: '', uuid: 'u' })).toBe('u')
    const { deps } = await setup()
    const made = await issueCertificates(deps, { uuid: 'u1', name: 'n1' }, 'op')
    expect(made.client.certificate).toMatch(/^CERT client n1/)
  })

  it('keeps the join secret across CA rotations; each cluster gets its own', async () => {
    const { deps } = await setup()
    const first = await issueCertificates(deps, { uuid: 'u1', name: 'n1' }, 'op-1')
    const rotated = await issueCertificates(
      deps,
      { uuid: 'u1', name: 'n1', certificates: first },
      'op-2'
    )
    expect(rotated.operation_id).toBe('op-2')
    expect(rotated.sealed_join_secret).toBe(first.sealed_join_secret)
    const other = await issueCertificates(deps, { uuid: 'u1', name: 'n1' }, 'op-1')
    expect(other.sealed_join_secret).not.toBe(first.sealed_join_secret)
  })
})

describe('GET /v1/certificates/{cluster}', () => {
  it("serves each CA to the cluster's creator and to admins", async () => {
    const { deps, uuid, input } = await setup()
    await generateCertificates(deps, input)
    for (const kind of ['kubernetes', 'etcd', 'front_proxy'] as const) {
      const view = await getCaCertificate(deps, demo, 'c1', kind)
      expect(view.pem).toMatch(new RegExp(`^CERT ${kind} c1`))
      expect(view.aggregate.cluster.uuid).toBe(uuid)
    }
    expect((await getCaCertificate(deps, admin, uuid, 'etcd')).pem).toMatch(/^CERT etcd/)
  })

  it("hides the cluster from other projects and refuses the creator's teammates by default", async () => {
    const { deps, uuid, input } = await setup()
    await generateCertificates(deps, input)
    expect(await failure(getCaCertificate(deps, alt, uuid, 'kubernetes'))).toMatchObject({
      kind: ErrorKind.NotFound,
    })
    expect(await failure(getCaCertificate(deps, teammate, uuid, 'kubernetes'))).toMatchObject({
      kind: ErrorKind.Forbidden,
      message: expect.stringContaining('certificate:get'),
    })
  })

  it('lets any project member in when the operator says so', async () => {
    const overrides = {
      'certificate:get': 'rule:admin_or_project_reader',
      'certificate:create': 'rule:admin_or_project_member',
    }
    const { deps, uuid, input } = await setup({ overrides })
    await generateCertificates(deps, input)
    expect((await getCaCertificate(deps, teammate, uuid, 'kubernetes')).pem).toMatch(/^CERT/)
    const signed = await signCertificate(deps, teammate, {
      cluster: uuid,
      csr: 'CSR',
      kind: 'etcd',
    })
    expect(signed.pem).toMatch(/BY CERT etcd/)
    expect(await failure(getCaCertificate(deps, alt, uuid, 'kubernetes'))).toMatchObject({
      kind: ErrorKind.NotFound,
    })
  })

  it('is a 400 while the cluster has no certificates yet', async () => {
    const { deps, uuid } = await setup()
    expect(await failure(getCaCertificate(deps, demo, uuid, 'kubernetes'))).toMatchObject({
      kind: ErrorKind.Invalid,
      message: expect.stringContaining('no certificates yet'),
    })
  })
})

describe('POST /v1/certificates', () => {
  it('signs with the CA asked for, its key unsealed for the purpose', async () => {
    const { deps, uuid, input } = await setup()
    await generateCertificates(deps, input)
    const k = await signCertificate(deps, demo, { cluster: uuid, csr: 'CSR1', kind: 'kubernetes' })
    expect(k.pem).toMatch(/^SIGNED\(CSR1\) BY CERT kubernetes c1 \d+ WITH KEY kubernetes /)
    const fp = await signCertificate(deps, demo, {
      cluster: 'c1',
      csr: 'CSR2',
      kind: 'front_proxy',
    })
    expect(fp.pem).toMatch(/BY CERT front_proxy .* WITH KEY front_proxy/)
  })

  it('answers a cluster it cannot find with a 400, as Magnum, and teammates with a 403', async () => {
    const { deps, uuid, input } = await setup()
    await generateCertificates(deps, input)
    expect(
      await failure(signCertificate(deps, alt, { cluster: uuid, csr: 'x', kind: 'kubernetes' }))
    ).toEqual({
      kind: ErrorKind.Invalid,
      message: `Cluster ${uuid} could not be found.`,
    })
    expect(
      await failure(
        signCertificate(deps, teammate, { cluster: uuid, csr: 'x', kind: 'kubernetes' })
      )
    ).toMatchObject({ kind: ErrorKind.Forbidden })
  })
})

describe('ca_cert_type', () => {
  it("accepts Magnum's spellings and refuses the rest", () => {
    expect(caKindOf(undefined)).toBe('kubernetes')
    expect(caKindOf('')).toBe('kubernetes')
    expect(caKindOf('kubernetes')).toBe('kubernetes')
    expect(caKindOf('etcd')).toBe('etcd')
    expect(caKindOf('front_proxy')).toBe('front_proxy')
    expect(caKindOf('front-proxy')).toBe('front_proxy')
    expect(() => caKindOf('kubelet')).toThrow(/Invalid ca_cert_type 'kubelet'/)
    expect(() => caKindOf('constructor')).toThrow(/Invalid ca_cert_type/)
  })
})

describe('PATCH /v1/certificates/{cluster}', () => {
  it('starts an update of the cluster that regenerates the CAs, for project members', async () => {
    const { f, deps, uuid } = await setup()
    forceStatus(f, uuid, 'CREATE_COMPLETE')
    f.started.length = 0
    const a = await rotateCa(deps, teammate, 'c1')
    expect(a.cluster.status).toBe('UPDATE_IN_PROGRESS')
    const worker = a.nodegroups.find((n) => n.role !== 'master')
    expect(worker?.status).toBe('UPDATE_IN_PROGRESS')
    expect(a.cluster.operation).toMatchObject({
      kind: 'cluster-update',
      params: {
        rotate_ca: true,
        nodegroup_uuid: worker?.uuid,
        node_count: worker?.node_count,
        previous_node_count: worker?.node_count,
      },
    })
    expect(f.started.map((s) => s.input.kind)).toEqual(['cluster-update'])
    // One operation at a time.
    expect(await failure(rotateCa(deps, demo, uuid))).toMatchObject({ kind: ErrorKind.Invalid })
  })

  it('refuses TLS-disabled clusters, drivers that cannot rotate, other projects', async () => {
    for (const [o, expected] of [
      [
        { tls_disabled: true },
        'Rotating the CA certificate for a non-tls cluster is not supported.',
      ],
      [{ rotates: false }, 'not supported for cluster'],
    ] as const) {
      const { f, deps, uuid } = await setup(o)
      forceStatus(f, uuid, 'CREATE_COMPLETE')
      const e = await failure(rotateCa(deps, demo, uuid))
      expect(e.kind).toBe(ErrorKind.Invalid)
      expect(e.message).toContain(expected)
    }
    const { f, deps, uuid } = await setup()
    forceStatus(f, uuid, 'CREATE_COMPLETE')
    expect(await failure(rotateCa(deps, alt, uuid))).toMatchObject({ kind: ErrorKind.NotFound })
    expect((await rotateCa(deps, admin, uuid)).cluster.status).toBe('UPDATE_IN_PROGRESS')
  })
})
