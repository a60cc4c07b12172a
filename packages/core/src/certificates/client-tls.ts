import type { ClusterAggregate } from '../clusters/model'
import type { SecretBox } from '../ports/secrets'
import { sealContext } from './model'

/** What Berth presents to a cluster's API server: trust its CA, be its `admin` client. */
export interface ClusterClientTls {
  ca: string
  cert: string
  key: string
}

/**
 * Berth's own client certificate for a cluster (CN=admin, O=system:masters, made with the CAs),
 * with its key opened for one connection. Undefined for clusters made without certificates
 * (tls_disabled, or created before they existed): those APIs are asked over plain HTTP or not
 * at all. The key is opened per call, not cached: the health job holds many clusters' keys
 * otherwise, and a CA rotation replaces them.
 */
export const clusterClientTls =
  (secrets: SecretBox) =>
  async (a: ClusterAggregate): Promise<ClusterClientTls | undefined> => {
    const certs = a.cluster.certificates
    if (!certs) return undefined
    return {
      ca: certs.kubernetes.certificate,
      cert: certs.client.certificate,
      key: await secrets.open(certs.client.sealed_key, sealContext(a.cluster.uuid, 'client')),
    }
  }
