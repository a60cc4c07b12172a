import { AwsCredentialsError } from './errors'

export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string | undefined
}

/** Where a client gets credentials: fixed ones, or a function asked before every attempt. */
export type CredentialSource = AwsCredentials | (() => AwsCredentials)

/**
 * The credentials Lambda gives a function's execution role, from the environment. Read on every
 * call rather than once: the runtime refreshes them in a warm container before they expire.
 * @example
 * const { accessKeyId } = environmentCredentials()
 */
export const environmentCredentials = (
  env: Readonly<Record<string, string | undefined>> = process.env
): AwsCredentials => {
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  if (!accessKeyId || !secretAccessKey) {
    throw new AwsCredentialsError(
      'no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set'
    )
  }
  const sessionToken = env.AWS_SESSION_TOKEN
  return sessionToken
    ? { accessKeyId, secretAccessKey, sessionToken }
    : { accessKeyId, secretAccessKey }
}

export const resolveCredentials = (source: CredentialSource | undefined): AwsCredentials =>
  source === undefined ? environmentCredentials() : typeof source === 'function' ? source() : source
