import { issueCertificates } from '../certificates/issue'
import { ROTATE_CA_PARAM } from '../certificates/rotate'
import type { StoredNodeGroup } from '../clusters/model'
import type { WorkflowInput } from '../ports/orchestrator'
import { loadForStep, openStep } from './context'
import type { OpenStepDeps, StepDeps } from './deps'
import { PermanentStepError } from './errors'
import { paramsOf, UpdateParams } from './params'

/** What making certificates takes: the store, the authority, the sealing box, a clock. */
export type CertificateStepDeps = StepDeps<'clusters' | 'secrets' | 'pki' | 'now'>

/**
 * cluster-create, before the stack: the cluster's CAs and client certificate. A cluster that
 * has them (a retried or resumed create) keeps them: nodes may already trust them.
 */
export const generateCertificates = async (deps: CertificateStepDeps, input: WorkflowInput) => {
  const a = await loadForStep(deps, input)
  if (a.cluster.certificates) return { generated: false }
  const certificates = await issueCertificates(deps, a.cluster, input.operationId)
  await deps.clusters.save({ ...a.cluster, certificates }, [], [a.cluster.status])
  return { generated: true }
}

/**
 * cluster-update when it rotates the CAs (PATCH /v1/certificates): new CAs and client
 * certificate, once per operation, then the driver's update of the cluster's stack and of every
 * nodegroup's own stack, which hands them to the nodes. Any other update passes through.
 */
export const rotateCertificates = async (
  deps: OpenStepDeps & CertificateStepDeps,
  input: WorkflowInput
) => {
  const a = await loadForStep(deps, input)
  const op = a.cluster.operation
  if (!op) return { rotated: false }
  if (op.params[ROTATE_CA_PARAM] !== true) return { rotated: false }
  const p = paramsOf(UpdateParams, op)
  if (p.stack_update_issued) return { rotated: false }
  let cluster = a.cluster
  if (cluster.certificates?.operation_id !== op.id) {
    const certificates = await issueCertificates(deps, cluster, op.id)
    cluster = (await deps.clusters.save({ ...cluster, certificates }, [], [cluster.status])).cluster
  }
  const aggregate = { ...a, cluster }
  const step = await openStep(deps, aggregate)
  const rotate = step.driver.rotateCa
  if (!rotate) {
    throw new PermanentStepError(`the driver ${step.driver.name} cannot rotate the CAs`)
  }
  const own = (n: StoredNodeGroup) => !n.is_default && n.stack_id !== null
  const stacks = [cluster.stack_id, ...a.nodegroups.filter(own).map((n) => n.stack_id)]
  for (const id of stacks) {
    if (id) await step.cloud.stacks.update(id, rotate.call(step.driver, step.render, op.id))
  }
  await deps.clusters.save(
    { ...cluster, operation: { ...op, params: { ...op.params, stack_update_issued: true } } },
    [],
    [cluster.status]
  )
  return { rotated: true }
}
