/**
 * Settings an operator chooses per stage, read from the deploying shell's environment (see
 * README, "Deploying to AWS") and linked to every function as `Settings`, whose properties are Berth
 * config keys. Resources SST creates (table, key, state machines) are linked separately.
 */
export const DEPLOY_SETTINGS = [
  'OS_AUTH_URL',
  'OS_REGION_NAME',
  'OS_INTERFACE',
  'BERTH_PUBLIC_URL',
  'BERTH_OIDC_ISSUER',
  'BERTH_OIDC_AUDIENCE',
  'BERTH_OIDC_JWKS_URL',
  'BERTH_OIDC_PROJECT_CLAIM',
  'BERTH_OIDC_ROLES_CLAIM',
  'BERTH_POLICY_DEFAULTS',
  'BERTH_LOG_LEVEL',
  'BERTH_TOKEN_CACHE_SECONDS',
  'BERTH_MAX_CLUSTERS_PER_PROJECT',
  'BERTH_MAX_BODY_BYTES',
  'BERTH_POLL_MAX_SECONDS',
  'BERTH_PROGRESS_REPORT_SECONDS',
  'BERTH_SERVICE_USERNAME',
  'BERTH_SERVICE_DOMAIN_NAME',
  'BERTH_SERVICE_PROJECT_NAME',
  'BERTH_SERVICE_APPLICATION_CREDENTIAL_ID',
] as const

/**
 * Settings that are secrets: set with `sst secret set <Name> <value> --stage <stage>`, stored
 * encrypted by SST, never in a shell environment or the repository. Empty unless set.
 */
export const SECRET_SETTINGS = {
  ServicePassword: 'BERTH_SERVICE_PASSWORD',
  ServiceApplicationCredentialSecret: 'BERTH_SERVICE_APPLICATION_CREDENTIAL_SECRET',
} as const

/** Where a policy file given at deploy time lands inside each API bundle (cwd is the bundle). */
const BUNDLED_POLICY = 'policy.yaml'

/**
 * @param apiUrl the API Gateway URL: BERTH_PUBLIC_URL unless the operator names another (a
 *   custom domain). Workflow tasks need it for what they write into clusters; they serve no
 *   request to take it from.
 */
export const createSettings = (apiUrl: $util.Input<string>) => {
  const properties: Record<string, $util.Input<string>> = { BERTH_PUBLIC_URL: apiUrl }
  for (const key of DEPLOY_SETTINGS) {
    const value = process.env[key]
    if (value) properties[key] = value
  }
  for (const [name, key] of Object.entries(SECRET_SETTINGS)) {
    properties[key] = new sst.Secret(name, '').value
  }
  const policyFile = process.env.BERTH_POLICY_FILE
  if (policyFile) properties.BERTH_POLICY_FILE = BUNDLED_POLICY
  return {
    settings: new sst.Linkable('Settings', { properties }),
    /** copyFiles for the API: the policy overrides, when the operator gave a file. */
    policyFiles: policyFile ? [{ from: policyFile, to: BUNDLED_POLICY }] : [],
  }
}
