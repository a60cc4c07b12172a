import type { ClusterTemplateRepository } from '../cluster-templates/repository'
import type { ClusterAggregate } from '../clusters/model'
import type { ClusterRepository } from '../clusters/repository'
import { ClusterStatus, HealthStatus } from '../clusters/status'
import { ConcurrentUpdateError } from '../errors'

/** What a COE's API says about a cluster: Magnum's health_status and its reason dict. */
export interface HealthReport {
  status: HealthStatus
  reason: Record<string, string>
}

/** Port: asks a cluster's COE API how it is. One adapter per COE that can be asked. */
export interface CoeHealthProbe {
  /** Undefined when this COE has no health API Berth can ask. */
  probe(a: ClusterAggregate, coe: string): Promise<HealthReport | undefined>
}

export interface HealthDeps {
  clusters: ClusterRepository
  templates: ClusterTemplateRepository
  probe: CoeHealthProbe
  now: () => Date
}

/** Magnum's sync_cluster_health_status scope. */
export const HEALTH_POLLED_STATUSES = [
  ClusterStatus.CreateComplete,
  ClusterStatus.UpdateComplete,
  ClusterStatus.UpdateInProgress,
  ClusterStatus.RollbackInProgress,
] as const

/** magnum-auto-healer reports health itself through PATCH; Berth then leaves it alone. */
export const healthSelfReported = (labels: Record<string, string>): boolean =>
  labels.auto_healing_enabled?.toLowerCase() === 'true' &&
  labels.auto_healing_controller === 'magnum-auto-healer'

/**
 * The health job: for each running cluster, ask its COE and record health_status and
 * health_status_reason when they changed. Health is separate from the lifecycle status: a
 * probe never moves `status`.
 */
export const refreshClusterHealth = async (deps: HealthDeps) => {
  let checked = 0
  let changed = 0
  for (const candidate of await deps.clusters.listByStatus([...HEALTH_POLLED_STATUSES])) {
    const c = candidate.cluster
    if (healthSelfReported(c.labels)) continue
    const template = await deps.templates.getByUuid(
      { projectId: c.cluster_template_project_id, allProjects: true },
      c.cluster_template_id
    )
    if (!template) continue
    checked++
    const report = c.api_address
      ? await deps.probe.probe(candidate, template.coe)
      : {
          status: HealthStatus.Unknown,
          reason: { api: `The cluster ${c.name} is not accessible.` },
        }
    if (!report) continue
    if (
      c.health_status === report.status &&
      JSON.stringify(c.health_status_reason) === JSON.stringify(report.reason)
    ) {
      continue
    }
    try {
      await deps.clusters.save(
        { ...c, health_status: report.status, health_status_reason: report.reason },
        [],
        [c.status]
      )
      changed++
    } catch (e) {
      // The cluster changed meanwhile; the next round sees it afresh.
      if (!(e instanceof ConcurrentUpdateError)) throw e
    }
  }
  return { checked, changed }
}

/** Kubernetes' answers, read the way Magnum's K8sMonitor reads them. */
export const kubernetesHealth = (
  healthz: { ok: boolean; body: string },
  nodes: { name: string; ready: string }[]
): HealthReport => {
  const reason: Record<string, string> = {
    api: healthz.ok ? healthz.body.trim() || 'ok' : healthz.body.trim() || 'unreachable',
  }
  for (const n of nodes) reason[`${n.name}.Ready`] = n.ready
  const healthy = healthz.ok && reason.api === 'ok' && nodes.every((n) => n.ready === 'True')
  return { status: healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy, reason }
}
