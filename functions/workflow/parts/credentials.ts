import type { StepDeps } from '@berth/core/lifecycle/deps'
import { KeystoneCredentialIssuer } from '@berth/openstack/credential-issuer'
import type { Config } from '@berth/shared/config'
import type { CloudAccess } from './keystone'

/** Issues and revokes clusters' application credentials (and Heat trusts) in Keystone. */
export const credentialParts = (
  config: Config,
  { keystone, account }: CloudAccess
): StepDeps<'credentials'> => ({
  credentials: new KeystoneCredentialIssuer({
    keystone,
    serviceAccount: account,
    heatTrust: config.BERTH_HEAT_TRUST,
  }),
})
