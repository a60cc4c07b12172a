import type { ClusterAggregate } from '../clusters/model'
import { retryOnRace } from '../clusters/retry'
import { beginWorkerUpdate } from '../clusters/worker-update'
import { InvalidError } from '../errors'
import type { Principal } from '../principal'
import type { CertificateDeps } from './deps'
import { certifiedCluster } from './read'

/** Where an operation marks itself a CA rotation (see RotateParams in the lifecycle). */
export const ROTATE_CA_PARAM = 'rotate_ca'

/** The checks Magnum's conductor makes before rotating: TLS on, a driver that can. */
const assertRotatable = async (deps: CertificateDeps, a: ClusterAggregate): Promise<void> => {
  const t = await deps.templates.getByUuid(
    { projectId: a.cluster.cluster_template_project_id, allProjects: true },
    a.cluster.cluster_template_id
  )
  if (!t) {
    throw new InvalidError(`ClusterTemplate ${a.cluster.cluster_template_id} could not be found.`)
  }
  if (t.tls_disabled) {
    throw new InvalidError('Rotating the CA certificate for a non-tls cluster is not supported.')
  }
  const key = { serverType: t.server_type, osDistro: t.cluster_distro ?? '', coe: t.coe }
  const driver = deps.drivers.find(key, t.driver ?? undefined)
  if (!driver?.caRotation) {
    throw new InvalidError(
      `Rotating the CA certificate is not supported for cluster ${a.cluster.uuid} (driver ${driver?.name ?? `for ${key.serverType}/${key.osDistro}/${key.coe}`}).`
    )
  }
}

const attempt = async (
  deps: CertificateDeps,
  principal: Principal,
  ident: string
): Promise<ClusterAggregate> => {
  const a = await certifiedCluster(
    deps,
    principal,
    ident,
    'certificate:rotate_ca',
    'cluster:update_all_projects'
  )
  await assertRotatable(deps, a)
  // An update of the cluster's stack that keeps the worker count: the update workflow's
  // first step regenerates the CAs and has the driver hand them to the nodes.
  return beginWorkerUpdate(deps, a, {
    rollback: false,
    params: { [ROTATE_CA_PARAM]: true },
  })
}

/**
 * PATCH /v1/certificates/{cluster} (µ1.5): new CAs for the cluster, revoking every certificate
 * signed so far, through the update workflow (UPDATE_IN_PROGRESS → UPDATE_COMPLETE).
 */
export const rotateCa = (
  deps: CertificateDeps,
  principal: Principal,
  ident: string
): Promise<ClusterAggregate> => retryOnRace(() => attempt(deps, principal, ident))
