import type { Fakes } from '../clusters/test-support'
import type { PendingResource, StackPort, StackState } from '../ports/stacks'

const unused = () => Promise.reject(new Error('not used by this step'))

/**
 * A stack port whose only stack is `stack`, Heat working on `pending` of its resources;
 * delete records the ids it was sent.
 */
export const oneStack = (
  stack: StackState,
  deleted: string[] = [],
  pending: PendingResource[] = []
): StackPort => ({
  create: unused,
  get: async (id) => (id === stack.id ? stack : undefined),
  update: unused,
  delete: async (id) => {
    deleted.push(id)
  },
  failedResources: unused,
  pendingResources: async (id) => (id === stack.id ? pending : []),
})

/** A workflow step's deps over the fakes, with `stacks` as the cluster's Heat. */
export const stepDeps = (f: Fakes, stacks: StackPort) => ({
  clusters: f.clusters,
  templates: f.deps.templates,
  drivers: { find: () => ({ name: 'k8s', provides: [] }) },
  clouds: {
    open: async () => ({
      stacks,
      floatingIps: { listForCluster: unused, delete: unused },
      authUrl: 'http://keystone/v3',
      region: undefined,
    }),
  },
  secrets: f.deps.secrets,
  settings: { apiUrl: 'http://berth/v1', maxPollSeconds: 30 },
})
