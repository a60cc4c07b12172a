import type { OpenStepDeps } from '@berth/core/lifecycle/deps'
import type { DriverDescriptor } from '@berth/core/ports/drivers'
import { OpenStackClusterCloudFactory } from '@berth/openstack/cluster-cloud'
import { createSecretBox } from '@berth/secrets/from-config'
import { type Config, publicUrl } from '@berth/shared/config'
import type { CloudAccess } from './keystone'
import { storeParts } from './store'

/**
 * What a step opening the cluster's cloud needs. The caller picks the drivers: the full
 * catalog for steps that render or read stacks, descriptors for those that only find the driver.
 */
export const openStepParts = <D extends DriverDescriptor>(
  config: Config,
  { keystone, account }: CloudAccess,
  drivers: OpenStepDeps<D>['drivers']
): OpenStepDeps<D> => ({
  ...storeParts(config),
  drivers,
  clouds: new OpenStackClusterCloudFactory({
    keystone,
    serviceAccount: account,
    interface: config.OS_INTERFACE,
    region: config.OS_REGION_NAME,
  }),
  secrets: createSecretBox(config),
  settings: {
    apiUrl: `${publicUrl(config)}/v1`,
    maxPollSeconds: config.BERTH_POLL_MAX_SECONDS,
    progressReportSeconds: config.BERTH_PROGRESS_REPORT_SECONDS,
  },
})
