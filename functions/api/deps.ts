import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { StepFunctions } from '@berth/aws/step-functions'
import type { CertificateDeps } from '@berth/core/certificates'
import type { ClusterTemplateDeps } from '@berth/core/cluster-templates'
import type { ClusterDeps } from '@berth/core/clusters'
import { createPolicy } from '@berth/core/policy'
import type { Authenticator } from '@berth/core/ports/identity'
import type { Orchestrator } from '@berth/core/ports/orchestrator'
import { createDescriptorCatalog } from '@berth/drivers/descriptors'
import { createAuthenticator } from '@berth/identity/authenticator'
import {
  KeystoneClient,
  KeystoneCredentialIssuer,
  OpenStackCloudResourcesFactory,
  principalFromToken,
} from '@berth/openstack'
import { StepFunctionsOrchestrator } from '@berth/orchestrator'
import { lazyCertificateAuthority } from '@berth/pki/lazy'
import { createSecretBox } from '@berth/secrets'
import { type Config, ConfigError, createLogger, type Logger } from '@berth/shared'
import {
  createDynamoClient,
  DynamoClusterRepository,
  DynamoClusterTemplateRepository,
} from '@berth/store'
import { keystoneUrl, serviceAccountFor } from '../workflow/parts/keystone'
import { createServiceApiDeps, type ServiceApiDeps } from './service-deps'

/** Everything the HTTP API needs, built once per process (a Lambda container or `npm start`). */
export interface AppDeps {
  config: Config
  /** Configured public URL; absent ⇒ each request's own origin. */
  publicUrl: string | undefined
  /** Keystone URL, for WWW-Authenticate. */
  authUrl: string
  authenticator: Authenticator
  templates: ClusterTemplateDeps
  clusters: ClusterDeps
  certificates: CertificateDeps
  /** Quotas, stats, mservices, federations, the audit trail. */
  service: ServiceApiDeps
  logger: Logger
  /** Starts workflows: Step Functions on AWS, the in-process ASL runner locally. */
  orchestrator: Orchestrator
  close(): Promise<void>
}

/** Dependencies the caller supplies instead of building them from configuration. */
export interface DepsOverrides {
  orchestrator?: Orchestrator
}

/** Step Functions when state machines are configured (AWS); otherwise the caller must supply one. */
const orchestratorFor = (config: Config): Orchestrator => {
  if (Object.keys(config.BERTH_STATE_MACHINE_ARNS).length === 0) {
    throw new ConfigError(
      'no workflow runner: set BERTH_STATE_MACHINE_ARNS (AWS) or run through the local runtime (npm start)'
    )
  }
  return new StepFunctionsOrchestrator(
    new StepFunctions({ region: config.AWS_REGION }),
    config.BERTH_STATE_MACHINE_ARNS
  )
}

/**
 * An oslo.policy file's overrides. Its YAML parser is loaded only here, when a file is
 * configured: it would otherwise be a sixth of the API's bundle (a chunk of its own on Lambda).
 */
const readPolicyFile = async (path: string): Promise<Record<string, string>> => {
  const { parsePolicyFile } = await import('@berth/core/policy/policy-file')
  return parsePolicyFile(readFileSync(path, 'utf8'))
}

/**
 * The OIDC bearer-token verifier, when an issuer and audience are configured. jose is loaded
 * only here: deployments that authenticate with Keystone alone would carry it in every init.
 */
const oidcVerifierFor = async (config: Config) => {
  if (!config.BERTH_OIDC_ISSUER || !config.BERTH_OIDC_AUDIENCE) return undefined
  const { createOidcVerifier } = await import('@berth/identity/oidc')
  return createOidcVerifier({
    issuer: config.BERTH_OIDC_ISSUER,
    audience: config.BERTH_OIDC_AUDIENCE,
    jwks:
      config.BERTH_OIDC_JWKS_URL ??
      `${config.BERTH_OIDC_ISSUER.replace(/\/$/, '')}/.well-known/jwks.json`,
    projectClaim: config.BERTH_OIDC_PROJECT_CLAIM,
    rolesClaim: config.BERTH_OIDC_ROLES_CLAIM,
  })
}

/** The composition root: real adapters for every port, from configuration. */
export const createDeps = async (
  config: Config,
  overrides: DepsOverrides = {}
): Promise<AppDeps> => {
  const logger = createLogger('berth-api', config.BERTH_LOG_LEVEL)
  const dynamoEndpoint = config.BERTH_DYNAMODB_ENDPOINT ?? undefined
  const db = createDynamoClient({ endpoint: dynamoEndpoint, region: config.AWS_REGION })
  const authUrl = keystoneUrl(config)
  const keystone = new KeystoneClient({ authUrl, cacheSeconds: config.BERTH_TOKEN_CACHE_SECONDS })
  const oidc = await oidcVerifierFor(config)
  const authenticator = createAuthenticator({
    keystone: async (token) => principalFromToken(await keystone.validateToken(token), token),
    oidc: oidc ? (jwt) => oidc.verify(jwt) : undefined,
  })
  const policy = createPolicy({
    defaults: config.BERTH_POLICY_DEFAULTS,
    overrides: config.BERTH_POLICY_FILE
      ? await readPolicyFile(config.BERTH_POLICY_FILE)
      : undefined,
  })
  const templates: ClusterTemplateDeps = {
    templates: new DynamoClusterTemplateRepository(db, config.BERTH_TABLE_NAME),
    cloud: new OpenStackCloudResourcesFactory({
      keystone,
      interface: config.OS_INTERFACE,
      region: config.OS_REGION_NAME,
    }),
    // The API picks drivers by name and tuple only; their rendering code stays out of its bundle.
    drivers: createDescriptorCatalog(),
    policy,
    now: () => new Date(),
    newUuid: randomUUID,
  }
  const orchestrator = overrides.orchestrator ?? orchestratorFor(config)
  const serviceAccount = serviceAccountFor(config, keystone)
  const clusterRepo = new DynamoClusterRepository(db, config.BERTH_TABLE_NAME)
  const service = createServiceApiDeps({
    config,
    db,
    policy,
    keystone,
    serviceAccount,
    clusters: clusterRepo,
    orchestrator,
    now: templates.now,
    newUuid: templates.newUuid,
  })
  const clusters: ClusterDeps = {
    ...templates,
    clusters: clusterRepo,
    // The user's token issues the credential; Berth's account revokes one a failed create left.
    credentials: new KeystoneCredentialIssuer({
      keystone,
      serviceAccount,
      heatTrust: config.BERTH_HEAT_TRUST,
    }),
    secrets: createSecretBox(config),
    orchestrator,
    // Stored quotas (Cluster, Node, VCPU), each falling back to the configured default.
    quotas: service.quotaSource,
    warn: (message, details) => logger.warn(message, details),
  }
  return {
    config,
    publicUrl: config.BERTH_PUBLIC_URL?.replace(/\/+$/, ''),
    authUrl,
    authenticator,
    templates,
    clusters,
    certificates: { ...clusters, pki: lazyCertificateAuthority() },
    service,
    logger,
    orchestrator,
    // Nothing to release: fetch's pooled connections do not keep a process alive.
    close: async () => {},
  }
}
