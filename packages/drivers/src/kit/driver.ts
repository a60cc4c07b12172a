import type { ClusterDriver } from '@berth/core/ports/drivers'
import { caRotationUpdate } from './ca-rotation'
import { renderClusterStack } from './cluster-stack'
import { renderNodeGroupStack } from './nodegroup-stack'
import { readStackOutputs, resizeUpdate, upgradeUpdate } from './operations'
import type { CoeProfile } from './profile'

/** A ClusterDriver from a COE profile: every operation is a pure function of its inputs. */
export const heatDriver = (p: CoeProfile): ClusterDriver => ({
  name: p.name,
  provides: p.provides,
  clusterStack: (ctx) => renderClusterStack(p, ctx),
  nodeGroupStack: (ctx, nodegroup) => renderNodeGroupStack(p, ctx, nodegroup),
  resize: (_ctx, nodegroup, count, nodesToRemove) =>
    resizeUpdate(p, nodegroup, count, nodesToRemove),
  upgrade: (ctx, target, nodegroup, maxBatchSize) =>
    upgradeUpdate(p, ctx, target, nodegroup, maxBatchSize),
  readOutputs: (ctx, stack) =>
    readStackOutputs(p, ctx, stack, (host) => p.apiUrl(host, ctx.template.tls_disabled)),
  ...(p.caKeys ? { caKeys: true } : {}),
  ...(p.caRotation
    ? { caRotation: true, rotateCa: (_ctx, rotationId) => caRotationUpdate(rotationId) }
    : {}),
})
