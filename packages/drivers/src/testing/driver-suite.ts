import { ConflictError, InvalidError } from '@berth/core/errors'
import type { ClusterDriver } from '@berth/core/ports/drivers'
import type { StackSpec, StackState } from '@berth/core/ports/stacks'
import { describe, expect, it } from 'vitest'
import type { HotResource } from '../heat/hot'
import type { CoeProfile } from '../kit/profile'
import { type ContextOptions, contextFor, nodeGroupFixture, templateFixture } from './fixtures'
import { checkStack, checkUpdate } from './structure'

export interface SuiteOptions {
  driver: ClusterDriver
  profile: CoeProfile
  distro: string
  coe: string
  /** api_address for host 172.24.4.10 with TLS. */
  apiUrl: string
  /** The version label's next and previous values. */
  newer: string
  older: string
}

type Tpl = { resources: Record<string, HotResource>; outputs: Record<string, unknown> }

const resourcesOf = (spec: StackSpec, file?: string): Record<string, HotResource> =>
  (file ? (JSON.parse(spec.files[file]!) as Tpl) : (spec.template as Tpl)).resources

const typesIn = (spec: StackSpec): string[] =>
  [
    undefined,
    ...Object.keys(spec.files).filter((f) => f.endsWith('.yaml') && !f.includes('user-data')),
  ].flatMap((f) => Object.values(resourcesOf(spec, f)).map((r) => r.type))

/** The tests every Heat driver passes, with its own names and versions. */
export const driverSuite = (o: SuiteOptions) => {
  const { driver, profile: p } = o
  const ctx = (opts: ContextOptions = {}) =>
    contextFor({ ...o, networkDriver: p.networkDrivers[0]! }, opts)
  const outputs = [
    'api_address',
    p.master.outputPublic,
    p.master.outputPrivate,
    p.worker.outputPublic,
    p.worker.outputPrivate,
  ]

  describe(`${driver.name} on ${o.distro}: cluster stack`, () => {
    it('renders one master and one worker coherently, with its own network and floating IPs', () => {
      const spec = driver.clusterStack(ctx())
      expect(checkStack(spec, outputs)).toEqual([])
      expect(spec.name).toMatch(/^my-cluster-prod-[a-z2-7]{12}$/)
      expect(spec.parameters[p.master.count]).toBe(1)
      expect(spec.parameters[p.worker.count]).toBe(1)
      const top = resourcesOf(spec)
      expect(top.private_network?.type).toBe('OS::Neutron::Net')
      expect(top.router_interface?.type).toBe('OS::Neutron::RouterInterface')
      expect(top.api_lb).toBeUndefined()
      expect(top[p.worker.group]?.properties?.removal_policies).toEqual([
        { resource_list: { get_param: p.worker.remove } },
      ])
      expect(top.master_server_group?.properties?.policies).toEqual([
        { get_param: 'nodes_affinity_policy' },
      ])
      expect(spec.parameters.nodes_affinity_policy).toBe('soft-anti-affinity')
      expect(Object.keys(resourcesOf(spec, 'worker.yaml'))).toContain('floating_ip')
      expect(typeof spec.template.heat_template_version).toBe('string')
      expect(spec.timeoutMins).toBe(60)
    })

    it('puts three masters behind an Octavia load balancer with a floating IP', () => {
      const spec = driver.clusterStack(ctx({ masters: 3, cluster: { master_lb_enabled: true } }))
      expect(checkStack(spec, outputs)).toEqual([])
      const top = resourcesOf(spec)
      expect(top.api_lb?.type).toBe('OS::Octavia::LoadBalancer')
      expect(top.api_lb_floating_ip?.properties?.port_id).toEqual({
        get_attr: ['api_lb', 'vip_port_id'],
      })
      const ports = p.lbPorts({ tlsDisabled: false } as never)
      for (const port of ports) {
        expect(top[`api_listener_${port}`]?.properties?.protocol_port).toBe(port)
        expect(resourcesOf(spec, 'master.yaml')[`api_pool_${port}_member`]?.type).toBe(
          'OS::Octavia::PoolMember'
        )
      }
      expect((spec.template as Tpl).outputs.api_address).toEqual({
        description: 'host of the API',
        value: { get_attr: ['api_lb_floating_ip', 'floating_ip_address'] },
      })
      expect(top[p.master.group]?.update_policy).toEqual({
        rolling_update: { max_batch_size: 1, pause_time: 0 },
      })
    })

    it('refuses several masters without a load balancer, and an even number of masters', () => {
      expect(() => driver.clusterStack(ctx({ masters: 3 }))).toThrow(InvalidError)
      expect(() =>
        driver.clusterStack(ctx({ masters: 2, cluster: { master_lb_enabled: true } }))
      ).toThrow(/odd/)
    })

    it('uses a fixed network and subnet as given, creating none', () => {
      const spec = driver.clusterStack(
        ctx({ cluster: { fixed_network: 'net-x', fixed_subnet: 'subnet-y' } })
      )
      expect(checkStack(spec, outputs)).toEqual([])
      const top = resourcesOf(spec)
      expect(top.private_network).toBeUndefined()
      expect(top.router).toBeUndefined()
      expect(spec.parameters.fixed_network).toBe('net-x')
      expect(spec.parameters.fixed_subnet).toBe('subnet-y')
      expect(top.master_ports?.properties?.resource_def).toMatchObject({
        properties: {
          network: { get_param: 'fixed_network' },
          fixed_ips: [{ subnet: { get_param: 'fixed_subnet' } }],
        },
      })
    })

    it('needs the subnet of a fixed network for the load balancer', () => {
      const noSubnet = { fixed_network: 'net-x', fixed_subnet: null }
      expect(checkStack(driver.clusterStack(ctx({ cluster: noSubnet })), outputs)).toEqual([])
      expect(() =>
        driver.clusterStack(ctx({ masters: 3, cluster: { ...noSubnet, master_lb_enabled: true } }))
      ).toThrow(/fixed_subnet/)
    })

    it('creates no floating IP at all when they are disabled', () => {
      const spec = driver.clusterStack(
        ctx({ masters: 3, cluster: { floating_ip_enabled: false, master_lb_enabled: true } })
      )
      expect(checkStack(spec, outputs)).toEqual([])
      expect(typesIn(spec)).not.toContain('OS::Neutron::FloatingIP')
      expect((spec.template as Tpl).outputs.api_address).toMatchObject({
        value: { get_attr: ['api_lb', 'vip_address'] },
      })
    })

    it('renders the same stack twice (a retried step creates nothing new)', () => {
      expect(driver.clusterStack(ctx())).toEqual(driver.clusterStack(ctx()))
    })

    it('passes labels through as parameters, refusing values nodes cannot take', () => {
      const spec = driver.clusterStack(ctx({ cluster: { labels: { [p.versionLabel]: o.newer } } }))
      expect(spec.parameters[p.versionLabel]).toBe(o.newer)
      expect(() =>
        driver.clusterStack(ctx({ cluster: { labels: { [p.versionLabel]: 'v1 "x"' } } }))
      ).toThrow(new RegExp(p.versionLabel))
    })

    it('supports its network drivers and refuses others', () => {
      for (const nd of p.networkDrivers) {
        const spec = driver.clusterStack(ctx({ template: { network_driver: nd } }))
        expect(checkStack(spec, outputs)).toEqual([])
        expect(spec.parameters.network_driver).toBe(nd)
      }
      expect(() => driver.clusterStack(ctx({ template: { network_driver: 'weave' } }))).toThrow(
        InvalidError
      )
    })
  })

  describe(`${driver.name} on ${o.distro}: nodegroups, resize, upgrade, outputs`, () => {
    const extra = nodeGroupFixture({
      uuid: '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a',
      name: 'gpu',
      is_default: false,
      node_count: 2,
      flavor_id: 'g1.large',
      role: 'gpu',
    })
    const joined = ctx({
      extraNodeGroups: [extra],
      cluster: { api_address: 'https://172.24.4.10:6443' },
    })

    it('renders a nodegroup stack joining the cluster through its outputs', () => {
      const spec = driver.nodeGroupStack(
        {
          ...joined,
          clusterStackOutputs: {
            api_private_address: '10.0.0.100',
            master_private_addresses: '10.0.0.11',
            network_id: 'net-id',
            subnet_id: 'subnet-id',
            cluster_security_group: 'sg-id',
          },
        },
        extra
      )
      expect(checkStack(spec, [p.worker.outputPublic, p.worker.outputPrivate])).toEqual([])
      expect(spec.name).toMatch(/^my-cluster-prod-gpu-[a-z2-7]{12}$/)
      expect(spec.parameters).toMatchObject({
        is_cluster_stack: false,
        existing_master_private_ip: '10.0.0.100',
        existing_master_addresses: '10.0.0.11',
        existing_security_group: 'sg-id',
        fixed_network: 'net-id',
        fixed_subnet: 'subnet-id',
        worker_nodegroup_name: 'gpu',
        worker_role: 'gpu',
        [p.worker.count]: 2,
        [p.worker.flavor]: 'g1.large',
      })
      expect(resourcesOf(spec)[p.master.group]).toBeUndefined()
      expect(spec.tags).toContain(`berth-nodegroup-${extra.uuid}`)
    })

    it('falls back on the cluster record and stack naming without outputs', () => {
      const spec = driver.nodeGroupStack(joined, extra)
      const base = driver.clusterStack(joined).name
      expect(spec.parameters).toMatchObject({
        existing_master_private_ip: '172.24.4.10',
        fixed_network: `${base}-network`,
        existing_security_group: `${base}-cluster`,
      })
      expect(() => driver.nodeGroupStack(ctx({ extraNodeGroups: [extra] }), extra)).toThrow(
        InvalidError
      )
    })

    it('resizes by the worker count, removing the named nodes first', () => {
      const c = ctx()
      const worker = c.nodegroups[1]!
      const update = driver.resize(c, worker, 3, ['0f1e2d3c-aaaa-bbbb', 'my-node-1'])
      expect(update.parameters).toEqual({
        [p.worker.count]: 3,
        [p.worker.remove]: '0f1e2d3c-aaaa-bbbb,my-node-1',
      })
      expect(update.template).toBeUndefined()
      expect(checkUpdate(driver.clusterStack(c), update)).toEqual([])
      expect(
        checkUpdate(driver.nodeGroupStack(joined, extra), driver.resize(joined, extra, 0, []))
      ).toEqual([])
      expect(() => driver.resize(c, c.nodegroups[0]!, 3, [])).toThrow(InvalidError)
    })

    it('upgrades forwards only, to a template naming the version', () => {
      const c = ctx()
      const target = templateFixture({ image_id: 'image-2', labels: { [p.versionLabel]: o.newer } })
      const update = driver.upgrade(c, target, c.nodegroups[1]!, 2)
      expect(update.parameters).toMatchObject({
        [p.versionLabel]: o.newer,
        [p.worker.image]: 'image-2',
        [p.master.image]: 'image-2',
        update_max_batch_size: 2,
      })
      expect(checkUpdate(driver.clusterStack(c), update)).toEqual([])
      const own = driver.upgrade(joined, target, extra, 1)
      expect(own.parameters[p.master.image]).toBeUndefined()
      const backwards = templateFixture({ labels: { [p.versionLabel]: o.older } })
      expect(() => driver.upgrade(c, backwards, c.nodegroups[1]!, 1)).toThrow(InvalidError)
      expect(() => driver.upgrade(c, templateFixture({ labels: {} }), c.nodegroups[1]!, 1)).toThrow(
        ConflictError
      )
    })

    it('reads addresses and versions back from a finished stack', () => {
      const stack: StackState = {
        id: 'stack-1',
        name: 'my-cluster-prod-x',
        status: 'CREATE_COMPLETE',
        reason: null,
        outputs: {
          api_address: '172.24.4.10',
          [p.master.outputPublic]: ['172.24.4.11'],
          [p.master.outputPrivate]: ['10.0.0.11'],
          [p.worker.outputPublic]: ['172.24.4.21', null],
          [p.worker.outputPrivate]: ['10.0.0.21'],
        },
        parameters: { [p.versionLabel]: o.newer, worker_nodegroup_name: 'default-worker' },
      }
      const read = driver.readOutputs(ctx(), stack)
      expect(read).toMatchObject({
        api_address: o.apiUrl,
        master_addresses: ['172.24.4.11'],
        node_addresses: { 'default-worker': ['172.24.4.21'], 'default-master': ['172.24.4.11'] },
        coe_version: o.newer,
      })
      const fixedOnly = driver.readOutputs(ctx({ cluster: { floating_ip_enabled: false } }), stack)
      expect(fixedOnly.master_addresses).toEqual(['10.0.0.11'])
      const ngStack = {
        ...stack,
        outputs: { [p.worker.outputPublic]: ['172.24.4.31'] },
        parameters: { worker_nodegroup_name: 'gpu' },
      }
      expect(driver.readOutputs(joined, ngStack)).toMatchObject({
        api_address: null,
        master_addresses: [],
        node_addresses: { gpu: ['172.24.4.31'] },
      })
    })
  })
}
