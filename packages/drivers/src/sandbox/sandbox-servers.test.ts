import { describe, expect, it } from 'vitest'
import { BUILTIN_DRIVERS, configuredDrivers } from '../registry'
import { contextFixture, nodeGroupFixture } from '../testing/fixtures'
import {
  SANDBOX_SERVER_FILE,
  sandboxServerTemplate,
  withSandboxRegistry,
  withSandboxServers,
} from './sandbox-servers'

/** Every attribute of OS::Nova::Server in Heat 19, hidden ones included (heat-api-notes.md). */
const SERVER_ATTRIBUTES = [
  'accessIPv4',
  'accessIPv6',
  'addresses',
  'console_urls',
  'first_address',
  'instance_name',
  'name',
  'networks',
  'os_collect_config',
  'tags',
  'show',
]

/** A target template naming a newer version for every COE. */
const NEWER = { kube_tag: 'v1.99.0', docker_version: '99.0.0', mesos_version: '9.9.0' }

const ctxFor = (distro: string, coe: string) =>
  contextFixture({
    template: { cluster_distro: distro, coe: coe as 'kubernetes', network_driver: null },
  })

describe('the sandbox provider for OS::Nova::Server', () => {
  it("matches the server's interface as Heat checks it", () => {
    const t = sandboxServerTemplate()
    expect(Object.keys(t.outputs)).toEqual(expect.arrayContaining(SERVER_ATTRIBUTES))
    expect(t.parameters.flavor).not.toHaveProperty('default')
    for (const [name, p] of Object.entries(t.parameters)) {
      if (name !== 'flavor') expect(p, name).toHaveProperty('default')
    }
    for (const list of ['networks', 'security_groups', 'block_device_mapping_v2', 'tags']) {
      expect(t.parameters[list]?.type, list).toBe('comma_delimited_list')
    }
    for (const map of ['metadata', 'scheduler_hints', 'personality']) {
      expect(t.parameters[map]?.type, map).toBe('json')
    }
    expect(t.resources).toEqual({})
    expect(typeof t.heat_template_version).toBe('string')
  })

  it('keeps the registry entries already there', () => {
    expect(
      withSandboxRegistry({ resource_registry: { 'My::Type': 'x.yaml' }, parameters: {} })
    ).toEqual({
      parameters: {},
      resource_registry: { 'My::Type': 'x.yaml', 'OS::Nova::Server': SANDBOX_SERVER_FILE },
    })
    expect(withSandboxRegistry({})).toEqual({
      resource_registry: { 'OS::Nova::Server': SANDBOX_SERVER_FILE },
    })
  })

  for (const driver of BUILTIN_DRIVERS) {
    const { osDistro, coe } = driver.provides[0]!
    it(`${driver.name}: every stack maps servers to the provider and changes nothing else`, () => {
      // Prepare
      const ctx = ctxFor(osDistro, coe)
      const sandboxed = withSandboxServers(driver)
      const extra = nodeGroupFixture({
        uuid: '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a',
        name: 'extra',
        is_default: false,
      })
      const joined = contextFixture({
        template: ctx.template,
        extraNodeGroups: [extra],
        cluster: { api_address: 'https://172.24.4.10:6443' },
      })

      // Act
      const plain = driver.clusterStack(ctx)
      const spec = sandboxed.clusterStack(ctx)
      const ngPlain = driver.nodeGroupStack(joined, extra)
      const ng = sandboxed.nodeGroupStack(joined, extra)

      // Assess
      for (const [before, after] of [
        [plain, spec],
        [ngPlain, ng],
      ] as const) {
        expect(after.template).toEqual(before.template)
        expect(after.parameters).toEqual(before.parameters)
        expect(after.files).toEqual({
          ...before.files,
          [SANDBOX_SERVER_FILE]: JSON.stringify(sandboxServerTemplate()),
        })
        expect(after.environment).toEqual(withSandboxRegistry(before.environment))
      }
      // The servers the provider replaces are in the nested templates the stack carries.
      expect(Object.values(spec.files).some((f) => f.includes('OS::Nova::Server'))).toBe(true)
    })

    it(`${driver.name}: a resize keeps the stack's environment; a replacing update sends it again`, () => {
      const ctx = ctxFor(osDistro, coe)
      const sandboxed = withSandboxServers(driver)
      const worker = ctx.nodegroups.find((n) => n.role !== 'master')!
      expect(sandboxed.resize(ctx, worker, 3, [])).toEqual(driver.resize(ctx, worker, 3, []))
      const target = { ...ctx.template, labels: NEWER }
      const upgrade = sandboxed.upgrade(ctx, target, worker, 1)
      const plainUpgrade = driver.upgrade(ctx, target, worker, 1)
      if (plainUpgrade.template === undefined && plainUpgrade.environment === undefined) {
        expect(upgrade).toEqual(plainUpgrade)
      } else {
        expect(upgrade.environment).toEqual(withSandboxRegistry(plainUpgrade.environment ?? {}))
        expect(upgrade.files).toHaveProperty(SANDBOX_SERVER_FILE)
      }
    })
  }

  it('is used only when configured', () => {
    expect(configuredDrivers({})).toBe(BUILTIN_DRIVERS)
    const sandboxed = configuredDrivers({ sandboxNovaProvider: true })
    expect(sandboxed.map((d) => d.name)).toEqual(BUILTIN_DRIVERS.map((d) => d.name))
    const ctx = ctxFor('fedora-coreos', 'kubernetes')
    expect(sandboxed[0]!.clusterStack(ctx).files).toHaveProperty(SANDBOX_SERVER_FILE)
  })
})
