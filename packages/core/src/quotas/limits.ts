import type { QuotaLimits, QuotaSource } from '../clusters/deps'
import type { QuotaDefaults } from './deps'
import type { QuotaResource } from './model'
import type { QuotaRepository } from './repository'

/**
 * The limits a cluster create is admitted under: the project's stored quotas (one Query), each
 * resource without one falling back to its default.
 * @example
 * const source = storedQuotaSource(quotas, { Cluster: 20, Node: undefined, VCPU: undefined })
 */
export const storedQuotaSource = (
  quotas: Pick<QuotaRepository, 'list'>,
  defaults: QuotaDefaults
): QuotaSource => ({
  async limitsFor(projectId: string): Promise<QuotaLimits> {
    const stored = new Map<QuotaResource, number>(
      (await quotas.list(projectId)).map((q) => [q.resource, q.hard_limit])
    )
    const limit = (r: QuotaResource) => stored.get(r) ?? defaults[r]
    return {
      maxClusters: limit('Cluster') ?? Number.MAX_SAFE_INTEGER,
      maxNodes: limit('Node'),
      maxVcpus: limit('VCPU'),
    }
  },
})
