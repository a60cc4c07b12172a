import type { OpenStepDeps, StepDeps } from '@berth/core/lifecycle/deps'
import type { DriverDescriptor } from '@berth/core/ports/drivers'
import { createDescriptorCatalog } from '@berth/drivers/descriptors'
import type { Config } from '@berth/shared/config'
import { cloudAccessOf } from './keystone'
import { openStepParts } from './open-step'
import { now } from './store'

/**
 * For steps that open the cloud but render nothing (polling, deleting): drivers as descriptors,
 * enough to find the template's driver as every step does, without the drivers' code and
 * cloud-init/Ignition rendering in the bundle.
 */
export const cloudOnlyStepParts = (
  config: Config
): OpenStepDeps<DriverDescriptor> & StepDeps<'now'> => ({
  ...openStepParts(config, cloudAccessOf(config), createDescriptorCatalog()),
  now,
})
