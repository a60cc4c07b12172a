import type { LifecycleDeps } from '@berth/core/lifecycle'
import { createDriverCatalog } from '@berth/drivers'
import {
  KeystoneClient,
  KeystoneCredentialIssuer,
  OpenStackClusterCloudFactory,
  ServiceAccount,
} from '@berth/openstack'
import { createSecretBox } from '@berth/secrets'
import { type Config, publicUrl } from '@berth/shared'
import {
  createDynamoClients,
  DynamoClusterRepository,
  DynamoClusterTemplateRepository,
} from '@berth/store'
import { keystoneUrl } from '../api/deps'

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

/** The workflow steps' dependencies, built once per process from configuration. */
export const createLifecycleDeps = async (config: Config): Promise<LifecycleDeps> => {
  const { doc } = createDynamoClients({
    endpoint: config.BERTH_DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
  })
  const keystone = new KeystoneClient({
    authUrl: keystoneUrl(config),
    cacheSeconds: config.BERTH_TOKEN_CACHE_SECONDS,
  })
  const account = serviceAccountFor(config, keystone)
  return {
    clusters: new DynamoClusterRepository(doc, config.BERTH_TABLE_NAME),
    templates: new DynamoClusterTemplateRepository(doc, config.BERTH_TABLE_NAME),
    drivers: createDriverCatalog(),
    clouds: new OpenStackClusterCloudFactory({
      keystone,
      serviceAccount: account,
      interface: config.OS_INTERFACE,
      region: config.OS_REGION_NAME,
    }),
    credentials: new KeystoneCredentialIssuer({
      keystone,
      serviceAccount: account,
      heatTrust: config.BERTH_HEAT_TRUST,
    }),
    secrets: createSecretBox(config),
    now: () => new Date(),
    settings: { apiUrl: `${publicUrl(config)}/v1`, maxPollSeconds: config.BERTH_POLL_MAX_SECONDS },
  }
}
