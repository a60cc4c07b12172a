import type { ClusterDriver } from '@berth/core/ports/drivers'
import type { StackSpec } from '@berth/core/ports/stacks'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { PAYLOAD_SAFE } from '../kit/labels'
import { type ContextOptions, contextFor } from './fixtures'
import {
  cloudInitFiles,
  cloudInitSchema,
  environmentGiven,
  environmentNeeded,
  ignitionFiles,
  settingsDropIn,
  shellcheck,
  shellScripts,
} from './payload-checks'
import { substitutePayload } from './structure'

export interface PayloadSuiteOptions {
  driver: ClusterDriver
  distro: string
  coe: string
  networkDriver: string
}

/** Values Heat would substitute: runtime facts by name, else the stack's parameter values. */
const SAMPLES: Record<string, string> = {
  node_name: 'my-cluster-prod-abcdefghijkl-master-0',
  node_index: '0',
  node_private_address: '10.0.0.11',
  node_public_address: '172.24.4.11',
  docker_volume_id: '',
  etcd_volume_id: '',
  api_private_address: '10.0.0.100',
  api_public_address: '172.24.4.100',
  master_addresses: '10.0.0.11,10.0.0.12,10.0.0.13',
  external_network_id: '4e5d6c7b-8a9f-4011-b2c3-d4e5f6a7b8c9',
  nodegroup_name: 'default-worker',
  nodegroup_role: 'worker',
  sa_key_seed: 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF',
  certificate_key: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
}

const heatString = (v: unknown) =>
  typeof v === 'boolean' ? (v ? 'True' : 'False') : v === undefined ? '' : String(v)

export const sampleFor = (spec: StackSpec) => (placeholder: string) => {
  const name = placeholder.slice(2, -2)
  return SAMPLES[name] ?? heatString(spec.parameters[name])
}

const BASE64_LIMIT = 65535

/** Boot payload checks with the real tools, for every role of a driver on a distro. */
export const payloadSuite = (o: PayloadSuiteOptions) => {
  const format = o.distro === 'fedora-coreos' ? 'ignition' : 'cloud-init'
  const ctx = (opts: ContextOptions = {}) => contextFor(o, opts)
  const variants: Record<string, ContextOptions> = {
    'one master': {},
    'three masters behind a load balancer, TLS disabled, proxies': {
      masters: 3,
      cluster: { master_lb_enabled: true, docker_volume_size: 20 },
      template: {
        tls_disabled: true,
        http_proxy: 'http://proxy.example.com:3128',
        https_proxy: 'http://proxy.example.com:3128',
      },
    },
  }
  const filesOf = (text: string) =>
    format === 'ignition' ? ignitionFiles(text) : cloudInitFiles(text)

  describe(`${o.driver.name} on ${o.distro}: boot payloads (${format})`, () => {
    for (const [variant, options] of Object.entries(variants)) {
      for (const role of ['master', 'worker'] as const) {
        it(`${role}, ${variant}: valid, shellcheck-clean, complete and small enough`, () => {
          const spec = o.driver.clusterStack(ctx(options))
          const { text, unused, unreplaced } = substitutePayload(spec, role, sampleFor(spec))
          expect(unused).toEqual([])
          expect(unreplaced).toEqual([])
          if (format === 'cloud-init') {
            expect(text.startsWith('#cloud-config\n')).toBe(true)
            expect(cloudInitSchema(text)).toBe('')
          }
          const files = filesOf(text)
          const scripts = shellScripts(files)
          expect(scripts.length).toBeGreaterThan(1)
          expect(shellcheck(scripts)).toBe('')
          const needed = environmentNeeded(scripts)
          const given = environmentGiven(files, settingsDropIn(text, format))
          expect([...needed].filter((v) => !given.has(v))).toEqual([])
          expect(Buffer.from(text).toString('base64').length).toBeLessThanOrEqual(BASE64_LIMIT)
        })
      }
    }

    it('keeps its structure whatever payload-safe values Heat substitutes', () => {
      const spec = o.driver.clusterStack(ctx())
      const placeholders = [
        ...new Set(
          spec.files[`worker-user-data.${format === 'ignition' ? 'ign' : 'yaml'}`]!.match(
            /@@[a-z0-9_]+@@/g
          )
        ),
      ]
      const safe = fc
        .string({ unit: 'grapheme-ascii', maxLength: 40 })
        .filter((s) => new RegExp(PAYLOAD_SAFE).test(s))
      fc.assert(
        fc.property(
          fc.array(safe, { minLength: placeholders.length, maxLength: placeholders.length }),
          (values) => {
            const byName = Object.fromEntries(placeholders.map((p, i) => [p, values[i]!]))
            const secret = (p: string) => /credential|seed|key|token/.test(p)
            const { text } = substitutePayload(spec, 'worker', (p) =>
              secret(p) ? 'Secret_1' : (byName[p] ?? '')
            )
            if (format === 'cloud-init') parse(text)
            const files = filesOf(text)
            const dropIn = settingsDropIn(text, format)
            for (const [p, v] of Object.entries(byName)) {
              const env = p.slice(2, -2).toUpperCase()
              if (!secret(p) && dropIn.includes(`Environment="${env}=`)) {
                expect(dropIn).toContain(`Environment="${env}=${v}"\n`)
              }
            }
            expect(files.length).toBeGreaterThan(0)
          }
        ),
        { numRuns: 40 }
      )
    })
  })
}
