import type { StackSpec } from '@berth/core/ports/stacks'
import { describe, expect, it } from 'vitest'
import { k8sFedoraCoreosDriver } from '../k8s-fedora-coreos/driver'
import { contextFixture } from './fixtures'
import { checkStack, substitutePayload } from './structure'

const clone = (spec: StackSpec): StackSpec => JSON.parse(JSON.stringify(spec)) as StackSpec
type Mutable = {
  resources: Record<string, Record<string, unknown>>
  parameters: Record<string, unknown>
}

describe('Function: checkStack', () => {
  const good = k8sFedoraCoreosDriver.clusterStack(contextFixture())

  it('finds nothing wrong in a rendered stack', () => {
    expect(checkStack(good, ['api_address'])).toEqual([])
  })

  it('names each kind of broken reference', () => {
    const spec = clone(good)
    const t = spec.template as unknown as Mutable
    t.resources.extra = {
      type: 'OS::Heat::Value',
      depends_on: ['nowhere'],
      properties: {
        value: [
          { get_param: 'nope' },
          { get_resource: 'ghost' },
          { get_attr: ['phantom', 'x'] },
          { get_file: 'lost.sh' },
        ],
      },
    }
    spec.parameters.undeclared = 'x'
    spec.parameters.number_of_minions = 'three'
    spec.parameters.flannel_backend = 'carrier-pigeon'
    expect(checkStack(spec, ['api_address', 'absent_output'])).toEqual(
      expect.arrayContaining([
        'template: get_param nope undeclared',
        'template: get_resource ghost unknown',
        'template: get_attr phantom unknown',
        'template: get_file lost.sh missing',
        'template: extra depends on unknown nowhere',
        'parameter undeclared is not declared',
        'parameter number_of_minions has the wrong type',
        'parameter flannel_backend=carrier-pigeon not in vxlan,host-gw,udp',
        'output absent_output missing',
      ])
    )
  })

  it('checks what a ResourceGroup passes against the nested template', () => {
    const spec = clone(good)
    const nested = JSON.parse(spec.files['worker.yaml']!) as Mutable
    nested.parameters.needed = { type: 'string' }
    spec.files['worker.yaml'] = JSON.stringify(nested)
    const t = spec.template as unknown as Mutable
    const group = t.resources.kube_minions as {
      properties: { resource_def: { properties: Record<string, unknown> } }
    }
    group.properties.resource_def.properties.surprise = 1
    expect(checkStack(spec, [])).toEqual(
      expect.arrayContaining([
        'template/kube_minions: passes surprise, undeclared in worker.yaml',
        'template/kube_minions: worker.yaml requires needed, not passed',
      ])
    )
  })

  it('substitutes every placeholder of a payload and reports strays', () => {
    const spec = clone(good)
    const { unused, unreplaced, text } = substitutePayload(spec, 'worker', () => 'X')
    expect(unused).toEqual([])
    expect(unreplaced).toEqual([])
    expect(text).not.toContain('@@')
    spec.files['worker-user-data.ign'] = spec.files['worker-user-data.ign']!.replace(
      '@@kube_tag@@',
      '@@kube_tag@@ @@stray@@'
    )
    expect(substitutePayload(spec, 'worker', () => 'X').unreplaced).toEqual(['@@stray@@'])
  })
})
