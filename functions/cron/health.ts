import { createKubernetesProbe } from '@berth/coe-api'
import type { LifecycleDeps } from '@berth/core/lifecycle'
import { refreshClusterHealth } from '@berth/core/lifecycle'
import { createLogger, loadConfig } from '@berth/shared'
import { createLifecycleDeps } from '../workflow/deps'

const config = loadConfig(process.env)
const logger = createLogger('berth-health', config.BERTH_LOG_LEVEL)
let deps: Promise<LifecycleDeps> | undefined

/** Scheduled: health_status of running clusters from their COE's API (Magnum's health poll). */
export const handler = async () => {
  deps ??= createLifecycleDeps(config)
  const { clusters, templates } = await deps
  const report = await refreshClusterHealth({
    clusters,
    templates,
    probe: createKubernetesProbe(),
    now: () => new Date(),
  })
  logger.info('health refreshed', report)
  return report
}
