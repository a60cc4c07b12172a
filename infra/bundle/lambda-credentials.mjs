// Stands in for @aws-sdk/credential-provider-node in Lambda bundles (see ../esbuild-plugins.mjs):
// the same `defaultProvider` the SDK clients call, reading the role's credentials from the
// environment Lambda sets. Anywhere else (npm start, tests) the real chain is used unbundled.
import { fromEnv } from '@aws-sdk/credential-provider-env'

export const defaultProvider = (init = {}) => fromEnv(init)
