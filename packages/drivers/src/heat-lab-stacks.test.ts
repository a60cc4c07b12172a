import type { ClusterDriver } from '@berth/core/ports/drivers'
import type { StackSpec, StackState } from '@berth/core/ports/stacks'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUILTIN_DRIVERS } from './registry'
import { contextFixture } from './testing/fixtures'
import { type Heat, heatCall, labHeat, SERVER_STAND_IN } from './testing/lab'
import {
  cloudInitFiles,
  cloudInitSchema,
  ignitionFiles,
  settingsDropIn,
  shellcheck,
  shellScripts,
} from './testing/payload-checks'

/**
 * One real stack per driver and distro in the lab (BERTH_LAB=1): created, its outputs read
 * back, each node's user data as Heat substituted it checked, resized removing a named
 * worker, upgraded, deleted. Servers are stand-ins (the lab has no compute host); networks,
 * ports, floating IPs, security groups, server groups and generated secrets are real.
 */
const LAB = process.env.BERTH_LAB === '1'

type Stack = {
  id: string
  stack_status: string
  stack_status_reason: string
  parameters: Record<string, string>
  outputs: { output_key: string; output_value: unknown }[]
}

const settle = async (heat: Heat, path: string): Promise<Stack> => {
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 2000))
    const { body } = await heatCall(heat, 'GET', path)
    const stack = (body as { stack: Stack }).stack
    if (!stack.stack_status.endsWith('IN_PROGRESS')) return stack
  }
  throw new Error(`${path} did not settle`)
}

/** Waits (best effort) for a deleted stack to go, so the next one finds the quotas free. */
const gone = async (heat: Heat, path: string) => {
  for (let i = 0; i < 90; i++) {
    const { status, body } = await heatCall(heat, 'GET', path)
    if (
      status === 404 ||
      (body as { stack?: Stack }).stack?.stack_status !== 'DELETE_IN_PROGRESS'
    ) {
      return
    }
    await new Promise((r) => setTimeout(r, 2000))
  }
}

const state = (s: Stack, name: string): StackState => ({
  id: s.id,
  name,
  status: s.stack_status,
  reason: s.stack_status_reason,
  outputs: Object.fromEntries(s.outputs.map((o) => [o.output_key, o.output_value])),
  parameters: s.parameters,
})

/** The user data each server received, from the stand-in's output. */
const userData = async (heat: Heat, path: string): Promise<string[]> => {
  const { body } = await heatCall(heat, 'GET', `${path}/resources?nested_depth=3`)
  const servers = (
    body as { resources: { resource_type: string; links: { rel: string; href: string }[] }[] }
  ).resources.filter((r) => r.resource_type === SERVER_STAND_IN)
  return Promise.all(
    servers.map(async (r) => {
      const nested = new URL(r.links.find((l) => l.rel === 'stack')!.href).pathname
      const own = nested.slice(nested.indexOf('/stacks/'))
      const res = await heatCall(heat, 'GET', `${own}/resources/server`)
      return (res.body as { resource: { attributes: { received_user_data: string } } }).resource
        .attributes.received_user_data
    })
  )
}

const checkUserData = (text: string, distro: string) => {
  const format = distro === 'fedora-coreos' ? 'ignition' : 'cloud-init'
  if (format === 'cloud-init') expect(cloudInitSchema(text)).toBe('')
  const files = format === 'ignition' ? ignitionFiles(text) : cloudInitFiles(text)
  expect(shellcheck(shellScripts(files))).toBe('')
  const dropIn = settingsDropIn(text, format)
  expect(dropIn).toMatch(/Environment="NODE_PRIVATE_ADDRESS=10\.0\.0\.\d+"/)
  expect(dropIn).toMatch(/Environment="API_PRIVATE_ADDRESS=10\.0\.0\.\d+"/)
  expect(text).not.toMatch(/@@[a-z0-9_]+@@/)
}

const lifecycle = async (heat: Heat, driver: ClusterDriver, distro: string) => {
  const ctx = contextFixture({
    workers: 2,
    template: {
      cluster_distro: distro,
      coe: driver.provides[0]!.coe as 'kubernetes',
      network_driver: null,
      image_id: 'fedora-coreos-lab',
    },
    cluster: { keypair: 'demo-key', flavor_id: 'm1.tiny', master_flavor_id: 'm1.tiny' },
  })
  for (const n of ctx.nodegroups) n.flavor_id = 'm1.tiny'
  const spec: StackSpec = driver.clusterStack(ctx)
  const registry = (spec.environment.resource_registry ?? {}) as Record<string, string>
  const name = `${spec.name}-${distro}-${Date.now() % 100000}`
  const created = await heatCall(heat, 'POST', '/stacks', {
    stack_name: name,
    template: spec.template,
    files: { ...spec.files, ...heat.standIns.files },
    environment: {
      ...spec.environment,
      resource_registry: { ...registry, ...heat.standIns.registry },
    },
    parameters: spec.parameters,
    timeout_mins: 10,
    disable_rollback: true,
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const path = `/stacks/${name}/${(created.body as { stack: { id: string } }).stack.id}`
  try {
    let stack = await settle(heat, path)
    expect(stack.stack_status, stack.stack_status_reason).toBe('CREATE_COMPLETE')
    const read = driver.readOutputs(ctx, state(stack, name))
    expect(read.api_address).toMatch(/^[a-z]+:\/\/172\.24\.4\.\d+:\d+$/)
    expect(read.master_addresses).toHaveLength(1)
    expect(read.node_addresses['default-worker']).toHaveLength(2)
    for (const text of await userData(heat, path)) checkUserData(text, distro)

    const resize = driver.resize(ctx, ctx.nodegroups[1]!, 1, ['0'])
    expect((await heatCall(heat, 'PATCH', path, { parameters: resize.parameters })).status).toBe(
      202
    )
    stack = await settle(heat, path)
    expect(stack.stack_status, stack.stack_status_reason).toBe('UPDATE_COMPLETE')
    const after = driver.readOutputs(ctx, state(stack, name)).node_addresses['default-worker']
    expect(after).toEqual([read.node_addresses['default-worker']![1]])

    const target = { ...ctx.template, labels: { [versionLabelOf(stack)]: 'v99.0.0' } }
    const upgrade = driver.upgrade(ctx, target, ctx.nodegroups[1]!, 1)
    expect((await heatCall(heat, 'PATCH', path, { parameters: upgrade.parameters })).status).toBe(
      202
    )
    stack = await settle(heat, path)
    expect(stack.stack_status, stack.stack_status_reason).toBe('UPDATE_COMPLETE')
    expect(driver.readOutputs(ctx, state(stack, name)).coe_version).toBe('v99.0.0')
  } finally {
    await heatCall(heat, 'DELETE', path)
    await gone(heat, path)
  }
}

const VERSION_LABELS = ['kube_tag', 'docker_version', 'mesos_version']
const versionLabelOf = (s: Stack) => VERSION_LABELS.find((l) => l in s.parameters)!

describe.runIf(LAB)('Stacks created in the lab', () => {
  let heat: Heat
  beforeAll(async () => {
    heat = await labHeat([SERVER_STAND_IN])
  })

  for (const driver of BUILTIN_DRIVERS) {
    for (const distro of [...new Set(driver.provides.map((p) => p.osDistro))]) {
      it(`${driver.name} on ${distro}: create, resize, upgrade`, async () => {
        await lifecycle(heat, driver, distro)
      }, 600_000)
    }
  }
})
