/**
 * The Heat templates the contract suite runs. They use only what a cloud without compute can
 * complete and what the development cloud's Heat must therefore support:
 * `OS::Heat::TestResource` (properties `value`, `fail`; attribute `output`),
 * `OS::Heat::ResourceGroup` (`count`, `resource_def` with `%index%`; attribute `<output>` of
 * the members as a list), a nested template from `files`, `get_param`, `get_attr`, and number
 * and string parameters. Versions are strings, as YAML would not keep them.
 */

/** One member of the group: a nested template whose `value` output is its index. */
export const NODE_TEMPLATE = `heat_template_version: '2018-08-31'
parameters:
  index:
    type: string
resources:
  node:
    type: OS::Heat::TestResource
    properties:
      value: {get_param: index}
outputs:
  value:
    value: {get_attr: [node, output]}
`

/** A stack with a parameterised resource and a group of nested stacks. */
export const groupTemplate = (extraOutput = false): Record<string, unknown> => ({
  heat_template_version: '2018-08-31',
  description: 'Berth contract: parameters, a resource group of nested stacks, outputs',
  parameters: {
    greeting: { type: 'string' },
    count: { type: 'number', default: 1 },
  },
  resources: {
    word: { type: 'OS::Heat::TestResource', properties: { value: { get_param: 'greeting' } } },
    group: {
      type: 'OS::Heat::ResourceGroup',
      properties: {
        count: { get_param: 'count' },
        resource_def: { type: 'node.yaml', properties: { index: '%index%' } },
      },
    },
  },
  outputs: {
    greeting: { value: { get_attr: ['word', 'output'] } },
    nodes: { value: { get_attr: ['group', 'value'] } },
    ...(extraOutput ? { extra: { value: 'added by PUT' } } : {}),
  },
})

/** A stack whose only group member fails two levels down. */
export const FAILING_NODE_TEMPLATE = `heat_template_version: '2018-08-31'
resources:
  deep:
    type: OS::Heat::TestResource
    properties:
      value: doomed
      fail: true
`

export const failingTemplate = (): Record<string, unknown> => ({
  heat_template_version: '2018-08-31',
  resources: {
    fine: { type: 'OS::Heat::TestResource', properties: { value: 'ok' } },
    group: {
      type: 'OS::Heat::ResourceGroup',
      properties: { count: 1, resource_def: { type: 'failing.yaml' } },
    },
  },
})
