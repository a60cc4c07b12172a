import type { OpenStepDeps, StepDeps } from '@berth/core/lifecycle/deps'
import { configuredDrivers, createDriverCatalog } from '@berth/drivers/registry'
import type { Config } from '@berth/shared/config'
import { cloudAccessOf } from './keystone'
import { openStepParts } from './open-step'
import { now } from './store'

/** For steps that render or read a stack: the full drivers, with their rendering code. */
export const renderingStepParts = (config: Config): OpenStepDeps & StepDeps<'now'> => ({
  ...openStepParts(
    config,
    cloudAccessOf(config),
    createDriverCatalog(
      configuredDrivers({ sandboxNovaProvider: config.BERTH_SANDBOX_NOVA_PROVIDER })
    )
  ),
  now,
})
