import { existsSync } from 'node:fs'
import { describe } from 'vitest'

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
