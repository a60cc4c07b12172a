import { createKubernetesProbe } from '@berth/coe-api'
import { clusterClientTls } from '@berth/core/certificates/client-tls'
import { type CoeHealthProbe, refreshClusterHealth } from '@berth/core/lifecycle/health'
import { createSecretBox } from '@berth/secrets/from-config'
import { loadConfig } from '@berth/shared/config'
import { createLogger } from '@berth/shared/logger'
import { heartbeatReporter } from '../workflow/parts/heartbeat'
import { storeParts } from '../workflow/parts/store'

const config = loadConfig(process.env)
const logger = createLogger('berth-health', config.BERTH_LOG_LEVEL)
let deps: (ReturnType<typeof storeParts> & { probe: CoeHealthProbe }) | undefined
const reportAlive = heartbeatReporter(config, (message, fields) => logger.warn(message, fields))
/** How often infra/cron.ts runs this job: /v1/mservices reads it down after a few missed runs. */
const EVERY_SECONDS = 600

/** Scheduled: health_status of running clusters from their COE's API (Magnum's health poll). */
export const handler = async () => {
  // TLS-enabled clusters are asked as Berth's admin client, whose key only this box opens.
  deps ??= {
    ...storeParts(config),
    probe: createKubernetesProbe({ tlsFor: clusterClientTls(createSecretBox(config)) }),
  }
  const { clusters, templates, probe } = deps
  const report = await refreshClusterHealth({ clusters, templates, probe, now: () => new Date() })
  logger.info('health refreshed', report)
  await reportAlive('berth-health', EVERY_SECONDS)
  return report
}
