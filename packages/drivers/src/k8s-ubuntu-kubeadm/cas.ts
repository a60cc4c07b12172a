import { createHash, X509Certificate } from 'node:crypto'
import type { NodeGroup } from '@berth/core/clusters/model'
import type { CaKind } from '@berth/core/ports/pki'
import { getParam, type HotParameter } from '../heat/hot'
import { PAYLOAD_SAFE } from '../kit/labels'
import type { ExtraParameters, Resolved, SettingSpec } from '../kit/profile'

/**
 * kubeadm with Berth's CAs. The first master writes the cluster's three CAs into
 * /etc/kubernetes/pki before `kubeadm init`, which then signs with them instead of making its
 * own (the other masters receive them through kubeadm's uploaded certificates): so the CA of
 * `openstack coe cluster config` and of `GET /v1/certificates` is the one the API server
 * trusts. Workers pin the CA's public key when they join instead of skipping verification.
 * Without certificates (a cluster from before Berth kept CAs) kubeadm makes its own, as it did.
 */
const FILES: readonly { kind: CaKind; env: string }[] = [
  { kind: 'kubernetes', env: 'K8S_CA' },
  { kind: 'etcd', env: 'ETCD_CA' },
  { kind: 'front_proxy', env: 'FRONT_PROXY_CA' },
]

const SECRETS = FILES.flatMap(({ kind, env }) => [
  { kind, part: 'certificate' as const, env: `${env}_CRT` },
  { kind, part: 'privateKey' as const, env: `${env}_KEY` },
])

export const CA_HASH_ENV = 'K8S_CA_HASH'

/** Masters of the cluster's stack get the CAs (secret); every node gets the CA's pin. */
export const KUBEADM_CA_SETTINGS: readonly SettingSpec[] = [
  ...SECRETS.map(
    ({ env }): SettingSpec => ({
      env,
      roles: ['master'],
      secret: true,
      value: (_, f) => (f.stack === 'cluster' ? getParam(env.toLowerCase()) : ''),
    })
  ),
  { env: CA_HASH_ENV, roles: ['master', 'worker'], value: () => getParam('k8s_ca_hash') },
]

const base64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64')

/** kubeadm's `sha256:<hex>` of a CA's SubjectPublicKeyInfo (what `--discovery-token-ca-cert-hash` takes). */
export const caCertHash = (pem: string): string =>
  `sha256:${createHash('sha256')
    .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')}`

const secretParameter = (description: string): HotParameter => ({
  type: 'string',
  description,
  default: '',
  hidden: true,
  constraints: [{ allowed_pattern: PAYLOAD_SAFE }],
})

export const kubeadmCaParameters = (
  r: Resolved,
  workers: NodeGroup | undefined
): ExtraParameters => {
  const clusterStack = !workers || workers.is_default
  const cas = clusterStack ? r.ctx.cas : undefined
  const certificate = r.ctx.cluster.certificates?.kubernetes.certificate
  return {
    declare: {
      ...Object.fromEntries(
        SECRETS.map(({ env, kind, part }) => [
          env.toLowerCase(),
          secretParameter(
            `${kind} CA ${part === 'certificate' ? 'certificate' : 'key'}, base64 PEM`
          ),
        ])
      ),
      k8s_ca_hash: {
        type: 'string',
        description: "the Kubernetes CA's public key hash workers pin when joining",
        default: '',
        constraints: [{ allowed_pattern: PAYLOAD_SAFE }],
      },
    },
    values: {
      ...Object.fromEntries(
        SECRETS.map(({ env, kind, part }) => [
          env.toLowerCase(),
          cas ? base64(cas[kind][part]) : '',
        ])
      ),
      k8s_ca_hash: certificate ? caCertHash(certificate) : '',
    },
  }
}
