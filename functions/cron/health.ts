import { createKubernetesProbe } from '@berth/coe-api'
import { refreshClusterHealth } from '@berth/core/lifecycle/health'
import { loadConfig } from '@berth/shared/config'
import { createLogger } from '@berth/shared/logger'
import { heartbeatReporter } from '../workflow/parts/heartbeat'
import { storeParts } from '../workflow/parts/store'

const config = loadConfig(process.env)
const logger = createLogger('berth-health', config.BERTH_LOG_LEVEL)
let deps: ReturnType<typeof storeParts> | undefined
const reportAlive = heartbeatReporter(config, (message, fields) => logger.warn(message, fields))
/** How often infra/cron.ts runs this job: /v1/mservices reads it down after a few missed runs. */
const EVERY_SECONDS = 600

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
  await reportAlive('berth-health', EVERY_SECONDS)
  return report
}
