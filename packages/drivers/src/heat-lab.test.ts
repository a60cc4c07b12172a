import type { ClusterDriver } from '@berth/core/ports/drivers'
import type { StackSpec } from '@berth/core/ports/stacks'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUILTIN_DRIVERS } from './registry'
import { type ContextOptions, contextFixture, nodeGroupFixture } from './testing/fixtures'
import { type Heat, labHeat, STAND_IN_TYPES, validate } from './testing/lab'

/**
 * Every driver's stacks through the real Heat in the OpenStack lab (/work/shared/openstack-lab),
 * only with BERTH_LAB=1 and the lab up. Template validation (POST /v1/<project>/validate) of
 * every variant: the lab has no Octavia or Cinder, so Heat's own generated templates for those
 * types (GET /resource_types/<type>/template) stand in, keeping their property names and types
 * Heat's; nested templates are validated on their own too, as Heat does not look into a
 * ResourceGroup's members when validating the parent. Then one real stack per driver, created,
 * resized and upgraded, with a stand-in for servers (the lab has no compute host) that hands
 * back the user data Heat substituted, checked like the unit tests check payloads.
 */
const LAB = process.env.BERTH_LAB === '1'

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
    heat = await labHeat(STAND_IN_TYPES)
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
