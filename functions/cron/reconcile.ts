import { SFNClient } from '@aws-sdk/client-sfn'
import type { LifecycleDeps } from '@berth/core/lifecycle'
import { reconcileClusters } from '@berth/core/lifecycle'
import { StepFunctionsOrchestrator } from '@berth/orchestrator'
import { createLogger, loadConfig } from '@berth/shared'
import { createLifecycleDeps } from '../workflow/deps'

const config = loadConfig(process.env)
const logger = createLogger('berth-reconciler', config.BERTH_LOG_LEVEL)
let deps: Promise<LifecycleDeps> | undefined

/** Scheduled: resume or fail clusters whose workflow stopped (Magnum's periodic status sync). */
export const handler = async () => {
  deps ??= createLifecycleDeps(config)
  const { clusters } = await deps
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
