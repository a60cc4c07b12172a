import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect } from 'vitest'
import { type TestUser, testEnv } from './berth'

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

/** Password auth as a seeded user of a development cloud: user, password and project share its name. */
export const passwordAuth = (user: string): Record<string, string> => ({
  OS_USERNAME: user,
  OS_PASSWORD: user,
  OS_PROJECT_NAME: user,
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default',
})

/**
 * Runs a client program against the cloud whose Keystone is `authUrl`, in `sandbox` (its own cwd
 * and HOME, so no clouds.yaml or client cache of the machine gets in the way), with `env` (the
 * auth, and anything else) on top of a bare environment.
 */
export const runClient = (
  sandbox: string,
  program: string,
  args: string[],
  o: { authUrl: string; env: Record<string, string>; timeoutMs?: number }
): Promise<CliResult> =>
  new Promise((done) => {
    const env = {
      PATH: '/usr/bin:/bin',
      HOME: sandbox,
      LANG: 'C.UTF-8',
      OS_AUTH_URL: o.authUrl,
      OS_IDENTITY_API_VERSION: '3',
      OS_INTERFACE: 'public',
      ...o.env,
    }
    const timeout = o.timeoutMs ?? 30_000
    execFile(program, args, { env, cwd: sandbox, timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      done({ code, stdout, stderr })
    })
  })

/** Runs a client program as a seeded user of the run's development cloud, in `sandbox`. */
export const runCli = (
  sandbox: string,
  program: string,
  user: string,
  args: string[],
  extraEnv: Record<string, string> = {}
): Promise<CliResult> =>
  runClient(sandbox, program, args, {
    authUrl: testEnv().authUrl,
    env: { ...passwordAuth(user), ...extraEnv },
  })

/**
 * `openstack coe …` as a seeded user in `sandbox`: `osc` runs it, `ok` expects it to succeed and
 * returns what it printed; `cli` runs any client program the same way.
 */
export const coeClient = (sandbox: string, extraEnv: Record<string, string> = {}) => {
  const cli = (program: string, user: TestUser, args: string[]) =>
    runCli(sandbox, program, user, args, extraEnv)
  const osc = (user: TestUser, ...args: string[]) => cli(OPENSTACK, user, ['coe', ...args])
  const ok = async (user: TestUser, ...args: string[]): Promise<string> => {
    const result = await osc(user, ...args)
    expect(result, `openstack coe ${args.join(' ')} as ${user}: ${result.stderr}`).toMatchObject({
      code: 0,
    })
    return result.stdout
  }
  return { cli, osc, ok }
}

/** The JSON document a client printed, after whatever it says first (`create`'s notice, `--wait`'s log). */
export const jsonOutput = <T>(stdout: string): T =>
  JSON.parse(stdout.slice(Math.max(stdout.search(/^[[{]/m), 0))) as T

/**
 * `openstack cluster template create` for a Kubernetes template of the seeded images, flavors and
 * network (keypair only if given: keypairs belong to users in Nova).
 */
export const k8sTemplateCreateArgs = (
  name: string,
  o: { keypair?: string | undefined; kubeTag?: string } = {}
) => [
  'cluster',
  'template',
  'create',
  name,
  '--coe',
  'kubernetes',
  '--image',
  'fedora-coreos',
  '--external-network',
  'public',
  '--flavor',
  'm1.small',
  '--master-flavor',
  'm1.medium',
  ...(o.keypair ? ['--keypair', o.keypair] : []),
  '--network-driver',
  'flannel',
  '--labels',
  `kube_tag=${o.kubeTag ?? 'v1.28.9'}`,
]
