import type { DynamoDb } from '@berth/aws/dynamodb'
import type { AuditDeps, AuditLog } from '@berth/core/audit'
import type { ClusterRepository, QuotaSource } from '@berth/core/clusters'
import type { FederationDeps } from '@berth/core/federations'
import { type MServiceDeps, SERVICE_BINARIES, type ServiceRegistry } from '@berth/core/mservices'
import type { Authorizer } from '@berth/core/ports/authorizer'
import type { Orchestrator } from '@berth/core/ports/orchestrator'
import { type QuotaDefaults, type QuotaDeps, storedQuotaSource } from '@berth/core/quotas'
import type { StatsDeps } from '@berth/core/stats'
import type { KeystoneClient } from '@berth/openstack/keystone'
import { KeystoneProjectDirectory } from '@berth/openstack/keystone-projects'
import type { ServiceAccount } from '@berth/openstack/service-account'
import type { Config } from '@berth/shared/config'
import { DynamoAuditLog } from '@berth/store/audit-log'
import { DynamoFederationRepository } from '@berth/store/federations'
import { DynamoQuotaRepository } from '@berth/store/quotas'
import { DynamoServiceRegistry } from '@berth/store/service-heartbeats'
import { tableIsUp } from '@berth/store/table-probe'
import { DynamoUsageStats } from '@berth/store/usage-stats'
import { serviceHost } from '../workflow/parts/heartbeat'

/** The quota every project has for a resource it has no stored quota for. */
export const quotaDefaults = (config: Config): QuotaDefaults => ({
  Cluster: config.BERTH_MAX_CLUSTERS_PER_PROJECT,
  Node: config.BERTH_MAX_NODES_PER_PROJECT,
  VCPU: config.BERTH_MAX_VCPUS_PER_PROJECT,
})

/** An execution name no workflow has: asking about it proves the runner answers. */
const PROBE_EXECUTION = 'cluster-create-00000000-0000-0000-0000-000000000000-probe'

/** What the operator-facing APIs need: quotas, stats, mservices, federations, the audit trail. */
export interface ServiceApiDeps {
  quotas: QuotaDeps
  /** Cluster creates are admitted under these. */
  quotaSource: QuotaSource
  stats: StatsDeps
  mservices: MServiceDeps
  services: ServiceRegistry
  federations: FederationDeps
  audit: AuditDeps
  auditLog: AuditLog
}

export interface ServiceApiParts {
  config: Config
  db: DynamoDb
  policy: Authorizer
  keystone: KeystoneClient
  serviceAccount: ServiceAccount | undefined
  clusters: ClusterRepository
  orchestrator: Orchestrator
  now: () => Date
  newUuid: () => string
}

/** The composition of those APIs over the store and Keystone. */
export const createServiceApiDeps = (p: ServiceApiParts): ServiceApiDeps => {
  const table = p.config.BERTH_TABLE_NAME
  const quotaRepo = new DynamoQuotaRepository(p.db, table)
  const defaults = quotaDefaults(p.config)
  const services = new DynamoServiceRegistry(p.db, table)
  const host = serviceHost(p.config)
  const auditLog = new DynamoAuditLog(p.db, table, {
    retentionDays: p.config.BERTH_AUDIT_RETENTION_DAYS,
  })
  return {
    quotas: {
      quotas: quotaRepo,
      projects: new KeystoneProjectDirectory(p.keystone, p.serviceAccount),
      policy: p.policy,
      defaults,
      now: p.now,
    },
    quotaSource: storedQuotaSource(quotaRepo, defaults),
    stats: { stats: new DynamoUsageStats(p.db, table), policy: p.policy },
    services,
    mservices: {
      services,
      probes: [
        { binary: SERVICE_BINARIES.table, host: table, check: () => tableIsUp(p.db, table) },
        {
          binary: SERVICE_BINARIES.workflow,
          host: Object.keys(p.config.BERTH_STATE_MACHINE_ARNS).length ? 'step-functions' : host,
          check: async () => !(await p.orchestrator.isRunning(PROBE_EXECUTION)),
        },
      ],
      self: { binary: SERVICE_BINARIES.api, host },
      policy: p.policy,
      now: p.now,
      downSeconds: p.config.BERTH_SERVICE_DOWN_SECONDS,
    },
    federations: {
      federations: new DynamoFederationRepository(p.db, table),
      clusters: p.clusters,
      policy: p.policy,
      now: p.now,
      newUuid: p.newUuid,
    },
    audit: { audit: auditLog, policy: p.policy },
    auditLog,
  }
}
