import type { ClusterDriver } from '@berth/core/ports/drivers'
import type { StackSpec, StackUpdate } from '@berth/core/ports/stacks'
import { getParam, type HotParameter, type HotTemplate, template } from '../heat/hot'

/**
 * The sandbox option (BERTH_SANDBOX_NOVA_PROVIDER): on a cloud without a compute host (a lab,
 * CI) every OS::Nova::Server of a driver's stacks becomes a provider template that creates no
 * server, through the stack environment's resource_registry. Everything around the servers
 * (networks, routers, ports, floating IPs, security groups, server groups, generated secrets)
 * stays real, so the same driver templates reach *_COMPLETE and delete cleanly.
 *
 * Heat accepts a provider in place of OS::Nova::Server only if it matches the server's
 * interface: every server attribute an output, `flavor` (required) a parameter without
 * default, list properties `comma_delimited_list` and map properties `json`. Never for
 * production: nothing boots.
 */
export const SANDBOX_SERVER_FILE = 'berth-sandbox-server.yaml'

const optional = (type: HotParameter['type'], value: unknown): HotParameter => ({
  type,
  default: value,
})

/** OS::Nova::Server's properties (Heat 19), each optional except flavor, as the real ones are. */
const SERVER_PARAMETERS: Record<string, HotParameter> = {
  name: optional('string', ''),
  image: optional('string', ''),
  flavor: {
    type: 'string',
    description: 'checked by Heat like a real server: it must exist',
    constraints: [{ custom_constraint: 'nova.flavor' }],
  },
  block_device_mapping: optional('comma_delimited_list', []),
  block_device_mapping_v2: optional('comma_delimited_list', []),
  flavor_update_policy: optional('string', 'RESIZE'),
  image_update_policy: optional('string', 'REBUILD'),
  key_name: optional('string', ''),
  availability_zone: optional('string', ''),
  security_groups: optional('comma_delimited_list', []),
  networks: optional('comma_delimited_list', []),
  scheduler_hints: optional('json', {}),
  metadata: optional('json', {}),
  user_data_format: optional('string', 'HEAT_CFNTOOLS'),
  software_config_transport: optional('string', 'POLL_SERVER_CFN'),
  user_data_update_policy: optional('string', 'REPLACE'),
  user_data: optional('string', ''),
  reservation_id: optional('string', ''),
  config_drive: optional('boolean', false),
  diskConfig: optional('string', 'AUTO'),
  personality: optional('json', {}),
  admin_pass: optional('string', ''),
  tags: optional('comma_delimited_list', []),
  deployment_swift_data: optional('json', {}),
}

/** Every attribute of OS::Nova::Server, hidden ones included, with a value of its kind. */
const SERVER_OUTPUTS: HotTemplate['outputs'] = {
  name: { value: getParam('name') },
  instance_name: { value: getParam('name') },
  first_address: { value: '' },
  accessIPv4: { value: '' },
  accessIPv6: { value: '' },
  addresses: { value: {} },
  networks: { value: {} },
  console_urls: { value: {} },
  os_collect_config: { value: {} },
  tags: { value: getParam('tags') },
  show: { value: {} },
  /** What the user data would have been: a sandbox cluster can still be inspected. */
  user_data: { value: getParam('user_data') },
}

/** The provider template itself (JSON is YAML, so Heat reads it from `files`). */
export const sandboxServerTemplate = (): HotTemplate =>
  template('Berth sandbox: stands in for OS::Nova::Server on a cloud without compute hosts', {
    parameters: SERVER_PARAMETERS,
    resources: {},
    outputs: SERVER_OUTPUTS,
  })

const SANDBOX_FILES = { [SANDBOX_SERVER_FILE]: JSON.stringify(sandboxServerTemplate()) }

/** The environment with OS::Nova::Server mapped to the sandbox provider (other entries kept). */
export const withSandboxRegistry = (
  environment: Record<string, unknown>
): Record<string, unknown> => {
  const registry = environment.resource_registry
  const current =
    typeof registry === 'object' && registry !== null ? (registry as Record<string, unknown>) : {}
  return {
    ...environment,
    resource_registry: { ...current, 'OS::Nova::Server': SANDBOX_SERVER_FILE },
  }
}

const sandboxSpec = (spec: StackSpec): StackSpec => ({
  ...spec,
  files: { ...spec.files, ...SANDBOX_FILES },
  environment: withSandboxRegistry(spec.environment),
})

/**
 * An update keeps the sandbox: a PATCH without environment keeps the stack's own (Heat's
 * existing update); one that sends a template or an environment sends the mapping again.
 */
const sandboxUpdate = (update: StackUpdate): StackUpdate =>
  update.template === undefined && update.environment === undefined
    ? update
    : {
        ...update,
        files: { ...(update.files ?? {}), ...SANDBOX_FILES },
        environment: withSandboxRegistry(update.environment ?? {}),
      }

/** The driver with every stack and update it renders in the sandbox. */
export const withSandboxServers = (driver: ClusterDriver): ClusterDriver => ({
  ...driver,
  clusterStack: (ctx) => sandboxSpec(driver.clusterStack(ctx)),
  nodeGroupStack: (ctx, nodegroup) => sandboxSpec(driver.nodeGroupStack(ctx, nodegroup)),
  resize: (ctx, nodegroup, count, remove) =>
    sandboxUpdate(driver.resize(ctx, nodegroup, count, remove)),
  upgrade: (ctx, target, nodegroup, batch) =>
    sandboxUpdate(driver.upgrade(ctx, target, nodegroup, batch)),
})
