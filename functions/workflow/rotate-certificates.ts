import { rotateCertificates } from '@berth/core/lifecycle/certificates'
import { pkiParts } from './parts/pki'
import { renderingStepParts } from './parts/rendering'
import { taskHandler } from './task'

export const handler = taskHandler(rotateCertificates, (config) => ({
  ...renderingStepParts(config),
  ...pkiParts(),
}))
