import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BerthError } from '../errors'
import { deleteCluster } from './delete'
import { CLUSTER } from './deps'
import { allows, assertAllowed, assertCanStart, CLUSTER_ACTIONS, GATES } from './gates'
import { createNodeGroup } from './nodegroups/create'
import { resizeCluster } from './resize'
import {
  ALL_STATUSES,
  type ClusterStatus,
  COMPLETE_STATUSES,
  NODEGROUP_OPERABLE_STATUSES,
  RESIZABLE_STATUSES,
} from './status'
import {
  createFrom,
  type Fakes,
  forceStatus,
  patchNodeCount,
  principal,
  withTemplate,
} from './test-support'
import { upgradeCluster } from './upgrade'

const status = fc.constantFrom(...ALL_STATUSES)
const action = fc.constantFrom(...CLUSTER_ACTIONS)
const demo = principal('demo')

describe('status gates', () => {
  it('allow an action iff its gate set holds the status, and throw exactly then', () => {
    fc.assert(
      fc.property(action, status, (a, s) => {
        expect(allows(a, s)).toBe(GATES[a].has(s))
        const thrown = (() => {
          try {
            assertAllowed(a, s)
            return undefined
          } catch (e) {
            return e
          }
        })()
        expect(thrown === undefined).toBe(GATES[a].has(s))
        if (thrown) expect((thrown as BerthError).message).toContain(`when status is "${s}"`)
      })
    )
  })

  it('are Magnum’s sets: update/upgrade COMPLETE family, resize also UPDATE_*, delete anything', () => {
    expect(GATES.update).toBe(COMPLETE_STATUSES)
    expect(GATES.upgrade).toBe(COMPLETE_STATUSES)
    expect(GATES.resize).toBe(RESIZABLE_STATUSES)
    expect(GATES['nodegroup-create']).toBe(NODEGROUP_OPERABLE_STATUSES)
    expect([...GATES.delete].sort()).toEqual([...ALL_STATUSES].sort())
    expect(RESIZABLE_STATUSES.has('UPDATE_FAILED')).toBe(true)
    expect(COMPLETE_STATUSES.has('UPDATE_FAILED')).toBe(false)
  })

  it('refuse a second operation while one runs, except delete', () => {
    fc.assert(
      fc.property(action, (a) => {
        const running = {
          name: 'c',
          status: 'UPDATE_IN_PROGRESS' as ClusterStatus,
          operation: { id: 'x' },
        } as Parameters<typeof assertCanStart>[1]
        const ok = (() => {
          try {
            assertCanStart(a, running)
            return true
          } catch {
            return false
          }
        })()
        expect(ok).toBe(a === 'delete')
      })
    )
  })
})

/** Each use-case, run against a cluster put in an arbitrary status, obeys its gate. */
describe('use-cases obey the gates', () => {
  const attempt = async (
    s: ClusterStatus,
    run: (f: Fakes, uuid: string, tpl: string) => Promise<unknown>
  ) => {
    const { f, t } = withTemplate()
    const a = await createFrom(f.deps, t)
    forceStatus(f, a.cluster.uuid, s, { api_address: 'https://10.0.0.5:6443' })
    try {
      await run(f, a.cluster.uuid, t.uuid)
      return true
    } catch (e) {
      if (e instanceof BerthError && e.message.includes('when status is')) return false
      throw e
    }
  }

  const cases = {
    update: (f, uuid) => patchNodeCount(f, uuid, 2),
    resize: (f, uuid) => resizeCluster(f.deps, demo, uuid, { node_count: 2 }, true),
    upgrade: (f, uuid, tpl) => upgradeCluster(f.deps, demo, uuid, { cluster_template: tpl }),
    delete: (f, uuid) => deleteCluster(f.deps, demo, uuid, CLUSTER),
    'nodegroup-create': (f, uuid) => createNodeGroup(f.deps, demo, uuid, { name: 'extra' }),
  } satisfies Partial<Record<(typeof CLUSTER_ACTIONS)[number], Parameters<typeof attempt>[1]>>

  for (const [name, run] of Object.entries(cases)) {
    it(`${name}: allowed iff the status is in its gate`, async () => {
      await fc.assert(
        fc.asyncProperty(status, async (s) => {
          const gate = GATES[name as keyof typeof cases]
          expect(await attempt(s, run)).toBe(gate.has(s))
        }),
        { numRuns: 40 }
      )
    })
  }
})
