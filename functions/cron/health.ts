import { createKubernetesProbe } from '@berth/coe-api'
import { refreshClusterHealth } from '@berth/core/lifecycle/health'
import { loadConfig } from '@berth/shared/config'
import { createLogger } from '@berth/shared/logger'
import { storeParts } from '../workflow/parts/store'

const config = loadConfig(process.env)
const logger = createLogger('berth-health', config.BERTH_LOG_LEVEL)
let deps: ReturnType<typeof storeParts> | undefined

/** Scheduled: health_status of running clusters from their COE's API (Magnum's health poll). */
export const handler = async () => {
  deps ??= storeParts(config)
  const { clusters, templates } = deps
  const report = await refreshClusterHealth({
    clusters,
    templates,
    probe: createKubernetesProbe(),
    now: () => new Date(),
  })
  logger.info('health refreshed', report)
  return report
}
