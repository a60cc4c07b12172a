import { openCa, openJoinSecret } from '../certificates/issue'
import type { StoredClusterTemplate } from '../cluster-templates/model'
import type { ClusterAggregate } from '../clusters/model'
import type { ClusterCloud } from '../ports/cluster-cloud'
import type { ClusterDriver, DriverDescriptor, RenderContext } from '../ports/drivers'
import type { WorkflowInput } from '../ports/orchestrator'
import { CA_KINDS, type CaKind, type ClusterCas } from '../ports/pki'
import type { DriverFinder, OpenStepDeps, StepDeps } from './deps'
import { ClusterGoneError, PermanentStepError, SupersededError } from './errors'

/** Loads the cluster a step is about and checks the step still belongs to its operation. */
export const loadForStep = async (
  deps: StepDeps<'clusters'>,
  input: WorkflowInput
): Promise<ClusterAggregate> => {
  const a = await deps.clusters.get(
    { projectId: input.projectId, allProjects: false },
    input.clusterUuid
  )
  if (!a) throw new ClusterGoneError(input.clusterUuid)
  if (a.cluster.operation?.id !== input.operationId) {
    throw new SupersededError(input.clusterUuid, input.operationId)
  }
  return a
}

export const templateOf = async (
  deps: StepDeps<'templates'>,
  a: ClusterAggregate,
  uuid = a.cluster.cluster_template_id
): Promise<StoredClusterTemplate> => {
  const t = await deps.templates.getByUuid(
    { projectId: a.cluster.cluster_template_project_id, allProjects: true },
    uuid
  )
  if (!t) throw new PermanentStepError(`ClusterTemplate ${uuid} could not be found.`)
  return t
}

export const driverFor = <D extends DriverDescriptor>(
  deps: { drivers: DriverFinder<D> },
  t: StoredClusterTemplate
): D => {
  const key = { serverType: t.server_type, osDistro: t.cluster_distro ?? '', coe: t.coe }
  const driver = deps.drivers.find(key, t.driver ?? undefined)
  if (!driver) {
    throw new PermanentStepError(
      `Cluster type (${key.serverType}, ${key.osDistro}, ${key.coe}) not supported.`
    )
  }
  return driver
}

export interface StepContext<D extends DriverDescriptor = ClusterDriver> {
  aggregate: ClusterAggregate
  template: StoredClusterTemplate
  driver: D
  cloud: ClusterCloud
  render: RenderContext
}

/**
 * Opens the cluster's cloud with its own application credential (unsealed only here, in the
 * step's memory) and gathers what a driver renders from.
 */
export const openStep = async <D extends DriverDescriptor>(
  deps: OpenStepDeps<D>,
  a: ClusterAggregate
): Promise<StepContext<D>> => {
  const credential = a.cluster.credential
  if (!credential) {
    throw new PermanentStepError(`cluster ${a.cluster.uuid} has no cloud credential`)
  }
  const secret = await deps.secrets.open(credential.sealed_secret, { cluster: a.cluster.uuid })
  const credentials = {
    applicationCredentialId: credential.id,
    applicationCredentialSecret: secret,
    ...(credential.trust_id ? { trustId: credential.trust_id } : {}),
  }
  const [template, cloud] = await Promise.all([templateOf(deps, a), deps.clouds.open(credentials)])
  const driver = driverFor(deps, template)
  const { cas, joinSecret } = (await casFor(deps, a, driver)) ?? {}
  return {
    aggregate: a,
    template,
    driver,
    cloud,
    render: {
      cluster: a.cluster,
      nodegroups: a.nodegroups,
      template,
      cloud: { authUrl: cloud.authUrl, region: cloud.region },
      credentials,
      apiUrl: deps.settings.apiUrl,
      ...(cas ? { cas } : {}),
      ...(joinSecret ? { joinSecret } : {}),
    },
  }
}

/**
 * The CAs with their keys and the join secret, unsealed, for a driver that renders them (and
 * only then).
 */
const casFor = async (
  deps: Pick<OpenStepDeps, 'secrets'>,
  a: ClusterAggregate,
  driver: DriverDescriptor & { caKeys?: boolean }
): Promise<{ cas: ClusterCas; joinSecret: string | undefined } | undefined> => {
  const certificates = a.cluster.certificates
  if (!driver.caKeys || !certificates) return undefined
  const open = (kind: CaKind) => openCa(deps.secrets, a.cluster.uuid, certificates, kind)
  const [kubernetes, etcd, front_proxy] = await Promise.all(CA_KINDS.map(open))
  if (!kubernetes || !etcd || !front_proxy) return undefined
  const joinSecret = await openJoinSecret(deps.secrets, a.cluster.uuid, certificates)
  return { cas: { kubernetes, etcd, front_proxy }, joinSecret }
}
