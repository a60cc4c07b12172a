import type { LifecycleDeps } from '@berth/core/lifecycle/deps'
import { configuredDrivers, createDriverCatalog } from '@berth/drivers/registry'
import type { Config } from '@berth/shared/config'
import { auditParts } from './parts/audit'
import { credentialParts } from './parts/credentials'
import { cloudAccessOf } from './parts/keystone'
import { openStepParts } from './parts/open-step'
import { pkiParts } from './parts/pki'
import { now } from './parts/store'

export { serviceAccountFor } from './parts/keystone'

/**
 * Every step's dependencies, built once per process from configuration: what the local runner
 * passes to all steps. A task Lambda builds only its own step's part (functions/workflow/<task>.ts).
 */
export const createLifecycleDeps = async (config: Config): Promise<LifecycleDeps> => {
  const access = cloudAccessOf(config)
  return {
    ...openStepParts(
      config,
      access,
      createDriverCatalog(
        configuredDrivers({ sandboxNovaProvider: config.BERTH_SANDBOX_NOVA_PROVIDER })
      )
    ),
    ...credentialParts(config, access),
    ...auditParts(config),
    ...pkiParts(),
    now,
  }
}
