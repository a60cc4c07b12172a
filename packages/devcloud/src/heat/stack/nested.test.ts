import { describe, expect, it } from 'vitest'
import { testCloud } from '../../testing'
import { heatClient, hot, type Json } from '../testing'

const fast = () => testCloud({ timing: { heatResourceMs: 0, serverBuildMs: 0 } })

const NESTED = `heat_template_version: 2018-08-31
parameters:
  a: {type: string}
  n: {type: number, default: 1}
  l: {type: comma_delimited_list, default: []}
  j: {type: json, default: {}}
  b: {type: boolean, default: false}
resources:
  v: {type: OS::Heat::Value, properties: {value: {get_param: a}}}
outputs:
  out: {value: {get_attr: [v, value]}}
  echo: {value: [{get_param: n}, {get_param: l}, {get_param: j}, {get_param: b}]}
`

/** Stands in for OS::Nova::Server: every attribute an output, properties typed like Heat wants. */
const FAKE_SERVER = `heat_template_version: 2018-08-31
parameters:
  name: {type: string, default: ""}
  image: {type: string, default: ""}
  flavor: {type: string}
  networks: {type: comma_delimited_list, default: []}
  metadata: {type: json, default: {}}
resources:
  boot: {type: OS::Heat::Value, properties: {value: {get_param: name}}}
outputs:
  first_address: {value: 10.0.0.10}
  networks: {value: {private: [10.0.0.10]}}
  addresses: {value: {private: [{addr: 10.0.0.10, version: 4}]}}
  accessIPv4: {value: ""}
  accessIPv6: {value: ""}
  console_urls: {value: {}}
  instance_name: {value: {get_param: name}}
  name: {value: {get_param: name}}
  os_collect_config: {value: {}}
  tags: {value: []}
  received_networks: {value: {get_param: networks}}
`

const serverTemplate = hot(
  {
    server: {
      type: 'OS::Nova::Server',
      properties: {
        name: 'kube-master-0',
        image: 'fedora-coreos',
        flavor: 'm1.small',
        networks: [{ network: 'private' }, { port: 'p' }],
        metadata: { role: 'master' },
      },
    },
  },
  {
    outputs: {
      first: { value: { get_attr: ['server', 'first_address'] } },
      ip0: { value: { get_attr: ['server', 'networks', 'private', 0] } },
      received: { value: { get_attr: ['server', 'received_networks'] } },
      ref: { value: { get_resource: 'server' } },
    },
  }
)

describe('provider templates (nested stacks)', () => {
  it('passes properties as typed parameters and reads outputs as attributes', async () => {
    const t = fast()
    const heat = await heatClient(t)
    const res = await heat.create({
      stack_name: 'n',
      files: { 'nested.yaml': NESTED },
      template: hot(
        {
          x: {
            type: 'nested.yaml',
            properties: { a: 'hello', n: '3', l: ['p', 'q'], j: { k: [1, 2] }, b: 'true' },
          },
        },
        {
          outputs: {
            out: { value: { get_attr: ['x', 'out'] } },
            echo: { value: { get_attr: ['x', 'echo'] } },
            ref: { value: { get_resource: 'x' } },
            nosuch: { value: { get_attr: ['x', 'nosuch'] } },
          },
        }
      ),
    })
    expect(res.status).toBe(201)
    const stack = await heat.stack('n')
    const outputs = Object.fromEntries((stack.outputs as Json[]).map((o) => [o.output_key, o]))
    expect(outputs.out?.output_value).toBe('hello')
    expect(outputs.echo?.output_value).toEqual([3, ['p', 'q'], { k: [1, 2] }, true])
    const child = t.cloud.state.data.stacks.find((s) => s.parentId === stack.id)
    expect(outputs.ref?.output_value).toBe(
      `arn:openstack:heat::${String(child?.projectId)}:stacks/${String(child?.name)}/${String(child?.id)}`
    )
    expect(child?.name).toMatch(/^n-x-[a-z2-7]{12}$/)
    expect(outputs.nosuch).toEqual({
      output_key: 'nosuch',
      description: 'No description given',
      output_error: 'The Referenced Attribute (x nosuch) is incorrect.',
      output_value: null,
    })
    const [x] = await heat.resources('n')
    expect(x).toMatchObject({ resource_type: 'nested.yaml', physical_resource_id: child?.id })
  })

  it('checks properties against the provider’s parameters', async () => {
    const t = fast()
    const heat = await heatClient(t)
    const attempt = async (properties: Json) =>
      (
        await heat.create({
          stack_name: 'n',
          files: { 'nested.yaml': NESTED },
          template: hot({ x: { type: 'nested.yaml', properties } }),
        })
      ).body.error
    expect(await attempt({ a: 'x', b: 'yes' })).toMatchObject({
      message: 'Property error: : resources.x.properties.b: : "yes" is not a valid boolean',
    })
    expect(await attempt({ a: 'x', zz: 1 })).toMatchObject({
      message: 'Property error: : resources.x.properties: : Unknown Property zz',
    })
    expect(await attempt({})).toMatchObject({
      message: 'Property error: : resources.x.properties: : Property a not assigned',
    })
    const missing = await heat.create({
      stack_name: 'n',
      template: hot({ x: { type: 'missing.yaml' } }),
    })
    expect(missing.body.error).toMatchObject({
      message: 'Could not fetch remote template "missing.yaml": Invalid URL scheme ',
    })
  })

  it('stands a provider in for OS::Nova::Server through the registry, with Heat’s facade checks', async () => {
    const t = fast()
    const heat = await heatClient(t)
    const create = (name: string, provider: string) =>
      heat.create({
        stack_name: name,
        template: serverTemplate,
        environment: { resource_registry: { 'OS::Nova::Server': 'fake_server.yaml' } },
        files: { 'fake_server.yaml': provider },
      })
    expect((await create('ok', FAKE_SERVER)).status).toBe(201)
    const outputs = await heat.outputs('ok')
    expect(outputs).toMatchObject({
      first: '10.0.0.10',
      ip0: '10.0.0.10',
      received: ['.member.0.network=private', '.member.1.port=p'],
    })
    expect(String(outputs.ref)).toMatch(
      /^arn:openstack:heat::[0-9a-f]+:stacks\/ok-server-[a-z2-7]{12}\/[0-9a-f-]{36}$/
    )
    expect(t.cloud.state.data.servers).toEqual([])
    const asJson = await create(
      'b',
      FAKE_SERVER.replace(
        'networks: {type: comma_delimited_list, default: []}',
        'networks: {type: json, default: []}'
      )
    )
    expect(asJson.body.error).toMatchObject({
      message:
        'Property networks type mismatch between facade OS::Nova::Server (List) and provider (Map)',
    })
    const noName = await create(
      'c',
      FAKE_SERVER.replace('  name: {value: {get_param: name}}\n', '')
    )
    expect(noName.body.error).toMatchObject({
      message: 'Attribute name for facade OS::Nova::Server missing in provider',
    })
    const noFlavor = await create('d', FAKE_SERVER.replace('  flavor: {type: string}\n', ''))
    expect(noFlavor.body.error).toMatchObject({
      message: 'Property error: : resources.server.properties: : Unknown Property flavor',
    })
  })
})
