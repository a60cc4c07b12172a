import { clusterNotFound, findCluster, scopeOf, targetOf } from '../clusters/lookup'
import type { ClusterAggregate } from '../clusters/model'
import { InvalidError, NotFoundError } from '../errors'
import type { CaKind } from '../ports/pki'
import type { Principal } from '../principal'
import type { CertificateDeps } from './deps'
import type { ClusterCertificates } from './model'

/** A cluster the caller may reach (admins: any project) and is allowed `rule` on. */
export const certifiedCluster = async (
  deps: CertificateDeps,
  principal: Principal,
  ident: string,
  rule: 'certificate:get' | 'certificate:create' | 'certificate:rotate_ca',
  allProjectsRule = 'cluster:get_one_all_projects'
): Promise<ClusterAggregate> => {
  const scope = scopeOf(deps.policy, principal, allProjectsRule)
  const a = await findCluster(deps.clusters, scope, ident)
  deps.policy.enforce(rule, principal, targetOf(a))
  return a
}

/** The cluster's certificates; a cluster whose create workflow has not made them yet has none. */
export const certificatesOf = (a: ClusterAggregate): ClusterCertificates => {
  const certs = a.cluster.certificates
  if (!certs) {
    throw new InvalidError(
      `Cluster ${a.cluster.uuid} has no certificates yet (status ${a.cluster.status}); they are made when its creation starts.`
    )
  }
  return certs
}

export interface CaView {
  aggregate: ClusterAggregate
  kind: CaKind
  pem: string
}

/** GET /v1/certificates/{cluster}: one of the cluster's CA certificates. */
export const getCaCertificate = async (
  deps: CertificateDeps,
  principal: Principal,
  ident: string,
  kind: CaKind
): Promise<CaView> => {
  const a = await certifiedCluster(deps, principal, ident, 'certificate:get')
  return { aggregate: a, kind, pem: certificatesOf(a)[kind].certificate }
}

/** Magnum answers a certificate POST for a cluster it cannot find with a 400, not a 404. */
export const notFoundAsInvalid = async <T>(work: () => Promise<T>, ident: string): Promise<T> => {
  try {
    return await work()
  } catch (e) {
    if (e instanceof NotFoundError) throw new InvalidError(clusterNotFound(ident).message)
    throw e
  }
}
