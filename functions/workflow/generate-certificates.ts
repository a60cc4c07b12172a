import { generateCertificates } from '@berth/core/lifecycle/certificates'
import { createSecretBox } from '@berth/secrets/from-config'
import { pkiParts } from './parts/pki'
import { now, storeParts } from './parts/store'
import { taskHandler } from './task'

export const handler = taskHandler(generateCertificates, (config) => ({
  clusters: storeParts(config).clusters,
  secrets: createSecretBox(config),
  ...pkiParts(),
  now,
}))
