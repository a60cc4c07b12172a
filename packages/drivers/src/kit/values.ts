import type { NodeGroup } from '@berth/core/clusters/model'
import { InvalidError } from '@berth/core/errors'
import { caRotationValues } from './ca-rotation'
import { PAYLOAD_SAFE, type ParamValue, URL_SAFE } from './labels'
import type { CoeProfile, Resolved } from './profile'

const check = (what: string, value: string, pattern: string): string => {
  if (!new RegExp(pattern).test(value)) {
    throw new InvalidError(`${what} contains characters nodes cannot be configured with.`)
  }
  return value
}

/** Magnum hands nodes `magnum_url` with the API version, and Keystone's URL with /v3. */
const withSuffix = (url: string, suffix: string) => {
  const trimmed = url.replace(/\/+$/, '')
  return trimmed.endsWith(suffix) ? trimmed : `${trimmed}${suffix}`
}

/** no_proxy gains the private subnet and loopback, as Magnum appends the fixed CIDR. */
const noProxy = (r: Resolved): string => {
  const t = r.ctx.template
  if (!t.http_proxy && !t.https_proxy) return t.no_proxy ?? ''
  const extra = [String(r.labels.fixed_subnet_cidr), 'localhost', '127.0.0.1']
  return [...(t.no_proxy ? t.no_proxy.split(',') : []), ...extra]
    .map((s) => s.trim())
    .filter((s, i, all) => s && all.indexOf(s) === i)
    .join(',')
}

/** Values of the parameters both stacks declare, for the stack whose workers are `workers`. */
export const commonValues = (
  p: CoeProfile,
  r: Resolved,
  workers: NodeGroup,
  isClusterStack: boolean
): Record<string, ParamValue> => {
  const { ctx } = r
  const t = ctx.template
  return {
    ...r.labels,
    cluster_uuid: ctx.cluster.uuid,
    magnum_url: check('The API URL', withSuffix(ctx.apiUrl, '/v1'), PAYLOAD_SAFE),
    auth_url: check('The Keystone URL', withSuffix(ctx.cloud.authUrl, '/v3'), PAYLOAD_SAFE),
    region_name: check('The region', ctx.cloud.region ?? '', PAYLOAD_SAFE),
    application_credential_id: check(
      'The application credential id',
      ctx.credentials.applicationCredentialId,
      URL_SAFE
    ),
    application_credential_secret: check(
      'The application credential secret',
      ctx.credentials.applicationCredentialSecret,
      URL_SAFE
    ),
    external_network: t.external_network_id ?? 'public',
    fixed_network: ctx.cluster.fixed_network ?? '',
    fixed_subnet: ctx.cluster.fixed_subnet ?? '',
    dns_nameserver: t.dns_nameserver ?? '8.8.8.8',
    ssh_key_name: ctx.cluster.keypair ?? '',
    http_proxy: check('http_proxy', t.http_proxy ?? '', PAYLOAD_SAFE),
    https_proxy: check('https_proxy', t.https_proxy ?? '', PAYLOAD_SAFE),
    no_proxy: check('no_proxy', noProxy(r), PAYLOAD_SAFE),
    tls_disabled: r.tlsDisabled,
    network_driver: r.networkDriver,
    nodes_affinity_policy: 'soft-anti-affinity',
    docker_volume_size: r.dockerVolumeSize,
    update_max_batch_size: 1,
    is_cluster_stack: isClusterStack,
    master_nodegroup_name:
      ctx.nodegroups.find((n) => n.is_default && n.role === 'master')?.name ?? '',
    worker_nodegroup_name: workers.name,
    worker_role: check('The nodegroup role', workers.role, PAYLOAD_SAFE),
    [p.worker.count]: workers.node_count,
    [p.worker.flavor]: workers.flavor_id ?? ctx.cluster.flavor_id ?? t.flavor_id ?? 'm1.small',
    [p.worker.image]: workers.image_id,
    [p.worker.remove]: '',
    ...caRotationValues(p, ctx),
  }
}
