import type { ClusterDriver } from '@berth/core/ports/drivers'
import type { StackSpec } from '@berth/core/ports/stacks'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUILTIN_DRIVERS } from './registry'
import { type ContextOptions, contextFixture, nodeGroupFixture } from './testing/fixtures'

/**
 * Every driver's stacks through the real Heat's template validation (POST /v1/<project>/validate)
 * in the OpenStack lab (/work/shared/openstack-lab). Runs only with BERTH_LAB=1 and the lab up.
 * The lab has no Octavia or Cinder; Heat's own generated templates for those resource types
 * (GET /resource_types/<type>/template) stand in for them, so their property names and types
 * are still Heat's. Nested templates are validated on their own too: Heat does not look into
 * a ResourceGroup's members when validating the parent.
 */
const LAB = process.env.BERTH_LAB === '1'
const AUTH_URL = process.env.BERTH_LAB_AUTH_URL ?? 'http://127.0.0.1:5000/v3'

interface Heat {
  token: string
  url: string
  standIns: { files: Record<string, string>; registry: Record<string, string> }
}

const demoToken = async (): Promise<{ token: string; heatUrl: string }> => {
  const res = await fetch(`${AUTH_URL}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'demo' } },
        },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    }),
  })
  if (res.status !== 201) throw new Error(`Keystone answered ${res.status}`)
  const body = (await res.json()) as {
    token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] }
  }
  const heat = body.token.catalog
    .find((s) => s.type === 'orchestration')
    ?.endpoints.find((e) => e.interface === 'public')
  if (!heat) throw new Error('no orchestration endpoint in the catalog')
  return { token: res.headers.get('x-subject-token') ?? '', heatUrl: heat.url }
}

const STAND_IN_TYPES = [
  'OS::Octavia::LoadBalancer',
  'OS::Octavia::Listener',
  'OS::Octavia::Pool',
  'OS::Octavia::PoolMember',
  'OS::Octavia::HealthMonitor',
  'OS::Cinder::Volume',
  'OS::Cinder::VolumeAttachment',
]

type Generated = {
  parameters: Record<string, { constraints?: object[] }>
  outputs: Record<string, unknown>
}

/** Heat's template for a type it knows but cannot create here: its properties and attributes. */
const standIns = async (token: string, url: string): Promise<Heat['standIns']> => {
  const available = (await (
    await fetch(`${url}/resource_types`, { headers: { 'X-Auth-Token': token } })
  ).json()) as { resource_types: string[] }
  const files: Record<string, string> = {}
  const registry: Record<string, string> = {}
  for (const type of STAND_IN_TYPES.filter((t) => !available.resource_types.includes(t))) {
    const res = await fetch(`${url}/resource_types/${type}/template?template_type=hot`, {
      headers: { 'X-Auth-Token': token },
    })
    const generated = (await res.json()) as Generated
    const parameters = Object.fromEntries(
      Object.entries(generated.parameters).map(([k, v]) => [
        k,
        { ...v, constraints: (v.constraints ?? []).filter((c) => Object.keys(c).length > 0) },
      ])
    )
    const file = `lab-${type.replace(/::/g, '-')}.yaml`
    files[file] = JSON.stringify({
      heat_template_version: '2021-04-16',
      parameters,
      outputs: Object.fromEntries(Object.keys(generated.outputs).map((k) => [k, { value: '' }])),
    })
    registry[type] = file
  }
  return { files, registry }
}

const validate = async (heat: Heat, template: unknown, spec: StackSpec) => {
  const registry = (spec.environment.resource_registry ?? {}) as Record<string, string>
  const res = await fetch(`${heat.url}/validate`, {
    method: 'POST',
    headers: { 'X-Auth-Token': heat.token, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      template,
      files: { ...spec.files, ...heat.standIns.files },
      environment: {
        ...spec.environment,
        resource_registry: { ...registry, ...heat.standIns.registry },
      },
    }),
  })
  return { status: res.status, body: await res.text() }
}

/** The stack and each nested template in it, all accepted by Heat. */
const expectValid = async (heat: Heat, spec: StackSpec) => {
  const top = await validate(heat, spec.template, spec)
  expect(top.body.slice(0, 600)).toContain('"Parameters"')
  expect(top.status).toBe(200)
  for (const [name, text] of Object.entries(spec.files)) {
    if (!name.endsWith('.yaml') || !text.includes('heat_template_version')) continue
    const nested = await validate(heat, JSON.parse(text), spec)
    expect({ name, status: nested.status, body: nested.body.slice(0, 600) }).toMatchObject({
      status: 200,
    })
  }
}

const distrosOf = (d: ClusterDriver) => [...new Set(d.provides.map((p) => p.osDistro))]

describe.runIf(LAB)('Heat template validation in the lab', () => {
  let heat: Heat
  beforeAll(async () => {
    const { token, heatUrl } = await demoToken()
    heat = { token, url: heatUrl, standIns: await standIns(token, heatUrl) }
  })

  for (const driver of BUILTIN_DRIVERS) {
    for (const distro of distrosOf(driver)) {
      const coe = driver.provides[0]!.coe
      const base = (o: ContextOptions = {}) =>
        contextFixture({
          ...o,
          template: {
            cluster_distro: distro,
            coe: coe as 'kubernetes',
            network_driver: null,
            ...o.template,
          },
        })
      const variants: Record<string, ContextOptions> = {
        'one master, one worker': {},
        'three masters behind a load balancer': {
          masters: 3,
          cluster: { master_lb_enabled: true },
        },
        'fixed network, no floating IPs, volumes': {
          cluster: {
            fixed_network: 'private',
            fixed_subnet: 'private-subnet',
            floating_ip_enabled: false,
            docker_volume_size: 10,
            labels: { etcd_volume_size: '5' },
          },
        },
      }
      if (coe === 'kubernetes') variants.calico = { template: { network_driver: 'calico' } }
      for (const [variant, options] of Object.entries(variants)) {
        it(`${driver.name} on ${distro}: ${variant}`, async () => {
          await expectValid(heat, driver.clusterStack(base(options)))
        })
      }
      it(`${driver.name} on ${distro}: a nodegroup stack`, async () => {
        const ng = nodeGroupFixture({
          uuid: '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a',
          name: 'extra',
          is_default: false,
        })
        const c = base({
          extraNodeGroups: [ng],
          cluster: { api_address: 'https://172.24.4.10:6443' },
        })
        await expectValid(heat, driver.nodeGroupStack(c, ng))
      })
    }
  }
})
