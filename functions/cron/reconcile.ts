import { StepFunctions } from '@berth/aws/step-functions'
import { reconcileClusters } from '@berth/core/lifecycle/reconcile'
import { StepFunctionsOrchestrator } from '@berth/orchestrator'
import { loadConfig } from '@berth/shared/config'
import { createLogger } from '@berth/shared/logger'
import { auditParts } from '../workflow/parts/audit'
import { heartbeatReporter } from '../workflow/parts/heartbeat'
import { storeParts } from '../workflow/parts/store'

const config = loadConfig(process.env)
const logger = createLogger('berth-reconciler', config.BERTH_LOG_LEVEL)
const warn = (message: string, fields: Record<string, unknown>) => logger.warn(message, fields)
let deps: (ReturnType<typeof storeParts> & ReturnType<typeof auditParts>) | undefined
const reportAlive = heartbeatReporter(config, warn)
/** How often infra/cron.ts runs this job: /v1/mservices reads it down after a few missed runs. */
const EVERY_SECONDS = 120

/** Scheduled: resume or fail clusters whose workflow stopped (Magnum's periodic status sync). */
export const handler = async () => {
  deps ??= { ...storeParts(config), ...auditParts(config) }
  const { clusters, audit } = deps
  const report = await reconcileClusters({
    clusters,
    orchestrator: new StepFunctionsOrchestrator(
      new StepFunctions({ region: config.AWS_REGION }),
      config.BERTH_STATE_MACHINE_ARNS
    ),
    now: () => new Date(),
    graceSeconds: config.BERTH_RECONCILE_GRACE_SECONDS,
    log: warn,
    audit,
  })
  logger.info('reconciled', { ...report })
  await reportAlive('berth-reconciler', EVERY_SECONDS)
  return report
}
