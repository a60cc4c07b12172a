import { revokeClusterCredential } from '@berth/core/lifecycle/delete-steps'
import { credentialParts } from './parts/credentials'
import { cloudAccessOf } from './parts/keystone'
import { storeParts } from './parts/store'
import { taskHandler } from './task'

export const handler = taskHandler(revokeClusterCredential, (config) => ({
  ...storeParts(config),
  ...credentialParts(config, cloudAccessOf(config)),
}))
