import { SFNClient } from '@aws-sdk/client-sfn'
import { reconcileClusters } from '@berth/core/lifecycle/reconcile'
import { StepFunctionsOrchestrator } from '@berth/orchestrator'
import { loadConfig } from '@berth/shared/config'
import { createLogger } from '@berth/shared/logger'
import { storeParts } from '../workflow/parts/store'

const config = loadConfig(process.env)
const logger = createLogger('berth-reconciler', config.BERTH_LOG_LEVEL)
let deps: ReturnType<typeof storeParts> | undefined

/** Scheduled: resume or fail clusters whose workflow stopped (Magnum's periodic status sync). */
export const handler = async () => {
  deps ??= storeParts(config)
  const { clusters } = deps
  const report = await reconcileClusters({
    clusters,
    orchestrator: new StepFunctionsOrchestrator(
      new SFNClient({ region: config.AWS_REGION }),
      config.BERTH_STATE_MACHINE_ARNS
    ),
    now: () => new Date(),
    graceSeconds: config.BERTH_RECONCILE_GRACE_SECONDS,
    log: (message, fields) => logger.warn(message, fields),
  })
  logger.info('reconciled', { ...report })
  return report
}
