/**
 * HOT (Heat Orchestration Template) building blocks. Templates are plain objects so the
 * workflow can send them as JSON; the version stays a string because a YAML date would not.
 */

/** Wallaby's HOT version: the newest one Heat 19 (Zed) and later accept with every function used here. */
export const HOT_VERSION = '2021-04-16'

export type Hot = Record<string, unknown>

export interface HotParameter {
  type: 'string' | 'number' | 'boolean' | 'comma_delimited_list' | 'json'
  description?: string
  default?: unknown
  hidden?: boolean
  constraints?: Record<string, unknown>[]
}

export interface HotResource {
  type: string
  properties?: Record<string, unknown>
  depends_on?: string[]
  update_policy?: Record<string, unknown>
  condition?: string
}

export interface HotTemplate {
  heat_template_version: string
  description: string
  parameters: Record<string, HotParameter>
  resources: Record<string, HotResource>
  outputs: Record<string, { description?: string; value: unknown }>
}

export const getParam = (name: string, ...path: unknown[]) =>
  path.length === 0 ? { get_param: name } : { get_param: [name, ...path] }
export const getResource = (name: string) => ({ get_resource: name })
export const getAttr = (resource: string, ...path: (string | number)[]) => ({
  get_attr: [resource, ...path],
})
export const getFile = (name: string) => ({ get_file: name })
export const listJoin = (separator: string, items: unknown) => ({ list_join: [separator, items] })
export const strReplace = (template: unknown, params: Record<string, unknown>) => ({
  str_replace: { template, params },
})

/** `<stack name>-<suffix>`: names of cloud resources say which stack owns them. */
export const stackScopedName = (...suffix: unknown[]) =>
  listJoin('-', [getParam('OS::stack_name'), ...suffix])

export const template = (
  description: string,
  parts: Pick<HotTemplate, 'parameters' | 'resources' | 'outputs'>
): HotTemplate => ({ heat_template_version: HOT_VERSION, description, ...parts })
