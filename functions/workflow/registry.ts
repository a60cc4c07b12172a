import {
  cleanupClusterResources,
  completeOperation,
  createClusterStack,
  createNodeGroupStack,
  deleteClusterStacks,
  deleteNodeGroupStack,
  generateCertificates,
  type LifecycleDeps,
  pollStacks,
  recordFailure,
  removeCluster,
  revokeClusterCredential,
  rotateCertificates,
  updateClusterStack,
  updateNodeGroupStack,
  upgradeClusterStack,
} from '@berth/core/lifecycle'
import type { WorkflowInput } from '@berth/core/ports/orchestrator'
import { stepInput } from './input'

/** A workflow step as the state machines call it: the whole state in, a JSON result out. */
export type TaskStep = (deps: LifecycleDeps, state: Record<string, unknown>) => Promise<unknown>

const step =
  <I extends WorkflowInput>(fn: (deps: LifecycleDeps, input: I) => Promise<unknown>): TaskStep =>
  (deps, state) =>
    fn(deps, stepInput<I>(state))

/**
 * Every task the ASL files name, by file name, for the local runner (which passes every step
 * the whole LifecycleDeps). `${CreateClusterStackFunctionArn}` in an ASL
 * Resource is the task `create-cluster-stack`, whose Lambda is functions/workflow/create-cluster-stack.ts.
 */
export const TASKS: Record<string, TaskStep> = {
  'generate-certificates': step(generateCertificates),
  'rotate-certificates': step(rotateCertificates),
  'create-cluster-stack': step(createClusterStack),
  'update-cluster-stack': step(updateClusterStack),
  'upgrade-cluster-stack': step(upgradeClusterStack),
  'create-node-group-stack': step(createNodeGroupStack),
  'update-node-group-stack': step(updateNodeGroupStack),
  'delete-node-group-stack': step(deleteNodeGroupStack),
  'poll-stacks': step(pollStacks),
  'complete-operation': step(completeOperation),
  'record-failure': step(recordFailure),
  'cleanup-cluster-resources': step(cleanupClusterResources),
  'delete-cluster-stacks': step(deleteClusterStacks),
  'revoke-cluster-credential': step(revokeClusterCredential),
  'remove-cluster': step(removeCluster),
}

/** `${CreateClusterStackFunctionArn}` → `create-cluster-stack`. */
export const taskNameOfResource = (resource: string): string | undefined => {
  const m = /^\$\{([A-Za-z0-9]+)FunctionArn\}$/.exec(resource)
  return m?.[1]?.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}
