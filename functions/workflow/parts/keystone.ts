import { KeystoneClient } from '@berth/openstack/keystone'
import { ServiceAccount } from '@berth/openstack/service-account'
import type { Config } from '@berth/shared/config'

/** Keystone of the configured cloud, or of the development cloud when none is named. */
export const keystoneUrl = (config: Config): string =>
  config.OS_AUTH_URL ?? `http://127.0.0.1:${config.BERTH_CLOUD_PORT}/v3`

/** Berth's own account, if configured: password first, else an application credential. */
export const serviceAccountFor = (
  config: Config,
  keystone: KeystoneClient
): ServiceAccount | undefined => {
  if (config.BERTH_SERVICE_USERNAME && config.BERTH_SERVICE_PASSWORD) {
    const domain = { name: config.BERTH_SERVICE_DOMAIN_NAME }
    return new ServiceAccount(keystone, {
      credentials: {
        method: 'password',
        user: { name: config.BERTH_SERVICE_USERNAME, domain },
        password: config.BERTH_SERVICE_PASSWORD,
        ...(config.BERTH_SERVICE_PROJECT_NAME
          ? { project: { name: config.BERTH_SERVICE_PROJECT_NAME, domain } }
          : {}),
      },
    })
  }
  if (
    config.BERTH_SERVICE_APPLICATION_CREDENTIAL_ID &&
    config.BERTH_SERVICE_APPLICATION_CREDENTIAL_SECRET
  ) {
    return new ServiceAccount(keystone, {
      credentials: {
        method: 'application_credential',
        id: config.BERTH_SERVICE_APPLICATION_CREDENTIAL_ID,
        secret: config.BERTH_SERVICE_APPLICATION_CREDENTIAL_SECRET,
      },
    })
  }
  return undefined
}

/** Keystone, and Berth's own account in it: one of each per process, their token caches shared. */
export interface CloudAccess {
  keystone: KeystoneClient
  account: ServiceAccount | undefined
}

export const cloudAccessOf = (config: Config): CloudAccess => {
  const keystone = new KeystoneClient({
    authUrl: keystoneUrl(config),
    cacheSeconds: config.BERTH_TOKEN_CACHE_SECONDS,
  })
  return { keystone, account: serviceAccountFor(config, keystone) }
}
