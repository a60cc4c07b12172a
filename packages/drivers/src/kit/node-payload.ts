import { type BootFile, type BootPayload, type BootUnit, bootstrapUnit } from '../boot/payload'
import { LIB_PATH, LIB_SH } from '../scripts/lib'
import type { NodeRole } from './labels'

const BOOTSTRAP_UNIT = 'berth-bootstrap.service'

/** A script a node runs or sources. */
export const executable = (path: string, content: string): BootFile => ({
  path,
  mode: 0o755,
  content,
})

/** A COE's part of a node's boot. */
export interface NodeBoot {
  /** The bootstrap unit's description for a role. */
  describe: (role: NodeRole) => string
  /** What every node carries after the shared shell library: the COE's libraries first. */
  files: BootFile[]
  /** What only masters carry, after the files every node has. */
  masterFiles?: BootFile[]
  master: BootFile
  worker: BootFile
  /** Units the bootstrap waits for besides the network. */
  after?: string[]
  /** More units, after the bootstrap unit. */
  units?: BootUnit[]
  packages?: string[]
}

/**
 * A node's payload, whatever the COE: the shared shell library, the COE's files, and the role's
 * script, run once by the enabled bootstrap unit.
 */
export const nodePayload = (boot: NodeBoot, role: NodeRole): Omit<BootPayload, 'settings'> => {
  const script = role === 'master' ? boot.master : boot.worker
  return {
    files: [
      executable(LIB_PATH, LIB_SH),
      ...boot.files,
      ...(role === 'master' ? (boot.masterFiles ?? []) : []),
      script,
    ],
    units: [
      {
        name: BOOTSTRAP_UNIT,
        enabled: true,
        content: bootstrapUnit(boot.describe(role), script.path, boot.after),
      },
      ...(boot.units ?? []),
    ],
    bootstrapUnit: BOOTSTRAP_UNIT,
    packages: boot.packages ?? [],
  }
}
