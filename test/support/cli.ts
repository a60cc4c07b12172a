import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe } from 'vitest'
import { testEnv } from './berth'

/** Debian's OpenStack client: it runs on Debian's own python3, which has the client libraries. */
export const OPENSTACK = '/usr/bin/openstack'

const missing = !existsSync(OPENSTACK)

/**
 * A conformance suite that drives the real OpenStack CLI. `.ci/run` installs the client, so in
 * CI it always runs (and fails if the client is missing); on a developer's machine without it
 * the suite is skipped, saying what to install.
 */
export const describeCli = (name: string, suite: () => void) =>
  describe.skipIf(missing && process.env.CI !== 'true')(
    missing
      ? `${name} [skipped: apt-get install python3-openstackclient python3-magnumclient]`
      : name,
    suite
  )

export const MAGNUM = '/usr/bin/magnum'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs a client program as a seeded user of the run's development cloud, in `sandbox` (its own
 * cwd and HOME, so no clouds.yaml or client cache of the machine gets in the way).
 */
export const runCli = (
  sandbox: string,
  program: string,
  user: string,
  args: string[],
  extraEnv: Record<string, string> = {}
): Promise<CliResult> =>
  new Promise((done) => {
    const env = {
      PATH: '/usr/bin:/bin',
      HOME: sandbox,
      LANG: 'C.UTF-8',
      OS_AUTH_URL: testEnv().authUrl,
      OS_IDENTITY_API_VERSION: '3',
      OS_USERNAME: user,
      OS_PASSWORD: user,
      OS_PROJECT_NAME: user,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_INTERFACE: 'public',
      ...extraEnv,
    }
    execFile(program, args, { env, cwd: sandbox, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      done({ code, stdout, stderr })
    })
  })
