import type { StackSpec, StackUpdate } from '@berth/core/ports/stacks'
import type { HotParameter, HotResource } from '../heat/hot'

/**
 * Structural checks of a rendered stack, the ones Heat would otherwise only report at create
 * time (or, for nested templates, not even at validation): every reference names something
 * declared, every file exists, every parameter passed is declared and well-typed.
 */

interface Template {
  heat_template_version?: unknown
  parameters?: Record<string, HotParameter>
  resources?: Record<string, HotResource>
  outputs?: Record<string, { value: unknown }>
}

const PSEUDO = new Set(['OS::stack_name', 'OS::stack_id', 'OS::project_id'])

/** Every intrinsic function call in a value, with its argument. */
export const intrinsics = (value: unknown, fn: string, found: unknown[] = []): unknown[] => {
  if (Array.isArray(value)) {
    for (const v of value) intrinsics(v, fn, found)
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === fn) found.push(v)
      intrinsics(v, fn, found)
    }
  }
  return found
}

const firstName = (arg: unknown): string => String(Array.isArray(arg) ? arg[0] : arg)

const parseNested = (text: string): Template => JSON.parse(text) as Template

/** Problems in one template; `files` and `registry` resolve nested templates. */
const checkTemplate = (
  where: string,
  t: Template,
  files: Record<string, string>,
  registry: Record<string, string>,
  problems: string[]
) => {
  if (typeof t.heat_template_version !== 'string') {
    problems.push(`${where}: heat_template_version is not a string`)
  }
  const params = t.parameters ?? {}
  const resources = t.resources ?? {}
  const body = { resources, outputs: t.outputs ?? {} }
  for (const arg of intrinsics(body, 'get_param')) {
    const name = firstName(arg)
    if (!(name in params) && !PSEUDO.has(name))
      problems.push(`${where}: get_param ${name} undeclared`)
  }
  for (const arg of intrinsics(body, 'get_resource')) {
    if (!(String(arg) in resources)) problems.push(`${where}: get_resource ${String(arg)} unknown`)
  }
  for (const arg of intrinsics(body, 'get_attr')) {
    const name = firstName(arg)
    if (!(name in resources)) problems.push(`${where}: get_attr ${name} unknown`)
  }
  for (const arg of intrinsics(body, 'get_file')) {
    if (!(String(arg) in files)) problems.push(`${where}: get_file ${String(arg)} missing`)
  }
  for (const [name, r] of Object.entries(resources)) {
    for (const d of r.depends_on ?? []) {
      if (!(d in resources)) problems.push(`${where}: ${name} depends on unknown ${d}`)
    }
    const nestedFile = registry[r.type] ?? (r.type.endsWith('.yaml') ? r.type : undefined)
    if (nestedFile)
      checkNestedUse(`${where}/${name}`, nestedFile, r.properties ?? {}, files, problems)
    if (r.type === 'OS::Heat::ResourceGroup') {
      const def = r.properties?.resource_def as {
        type: string
        properties?: Record<string, unknown>
      }
      const file = registry[def.type] ?? (def.type.endsWith('.yaml') ? def.type : undefined)
      if (file) checkNestedUse(`${where}/${name}`, file, def.properties ?? {}, files, problems)
      else if (!def.type.startsWith('OS::'))
        problems.push(`${where}/${name}: type ${def.type} unresolved`)
    } else if (!nestedFile && !r.type.startsWith('OS::')) {
      problems.push(`${where}/${name}: type ${r.type} unresolved`)
    }
  }
}

/** A nested template gets only parameters it declares, and every one it requires. */
const checkNestedUse = (
  where: string,
  file: string,
  properties: Record<string, unknown>,
  files: Record<string, string>,
  problems: string[]
) => {
  const text = files[file]
  if (text === undefined) {
    problems.push(`${where}: nested template ${file} missing`)
    return
  }
  const nested = parseNested(text)
  const params = nested.parameters ?? {}
  for (const p of Object.keys(properties)) {
    if (!(p in params)) problems.push(`${where}: passes ${p}, undeclared in ${file}`)
  }
  for (const [p, decl] of Object.entries(params)) {
    if (decl.default === undefined && !(p in properties)) {
      problems.push(`${where}: ${file} requires ${p}, not passed`)
    }
  }
}

const typeOk = (decl: HotParameter, value: unknown) => {
  switch (decl.type) {
    case 'number':
      return typeof value === 'number'
    case 'boolean':
      return typeof value === 'boolean'
    default:
      return typeof value === 'string'
  }
}

const constraintProblems = (name: string, decl: HotParameter, value: unknown): string[] =>
  (decl.constraints ?? []).flatMap((c) => {
    if (
      typeof c.allowed_pattern === 'string' &&
      !new RegExp(c.allowed_pattern).test(String(value))
    ) {
      return [`parameter ${name}=${String(value)} breaks ${c.allowed_pattern}`]
    }
    if (Array.isArray(c.allowed_values) && !c.allowed_values.includes(value)) {
      return [`parameter ${name}=${String(value)} not in ${c.allowed_values.join(',')}`]
    }
    return []
  })

/** Parameter values against the top-level declarations: declared, typed, constrained. */
export const checkParameters = (
  declared: Record<string, HotParameter>,
  values: Record<string, unknown>,
  requireAll: boolean
): string[] => {
  const problems: string[] = []
  for (const [name, value] of Object.entries(values)) {
    const decl = declared[name]
    if (!decl) {
      problems.push(`parameter ${name} is not declared`)
      continue
    }
    if (!typeOk(decl, value)) problems.push(`parameter ${name} has the wrong type`)
    problems.push(...constraintProblems(name, decl, value))
  }
  if (requireAll) {
    for (const [name, decl] of Object.entries(declared)) {
      if (decl.default === undefined && !(name in values)) {
        problems.push(`parameter ${name} has no default and is not passed`)
      }
    }
  }
  return problems
}

/** Every structural problem of a stack; empty when Heat will find it coherent. */
export const checkStack = (spec: StackSpec, outputs: readonly string[]): string[] => {
  const problems: string[] = []
  const top = spec.template as Template
  const registry = (spec.environment.resource_registry ?? {}) as Record<string, string>
  for (const [type, file] of Object.entries(registry)) {
    if (!(file in spec.files)) problems.push(`environment maps ${type} to missing ${file}`)
  }
  checkTemplate('template', top, spec.files, registry, problems)
  for (const [name, text] of Object.entries(spec.files)) {
    if (name.endsWith('.yaml') && text.includes('heat_template_version')) {
      checkTemplate(name, parseNested(text), spec.files, registry, problems)
    }
  }
  problems.push(...checkParameters(top.parameters ?? {}, spec.parameters, true))
  for (const o of outputs) {
    if (!(o in (top.outputs ?? {}))) problems.push(`output ${o} missing`)
  }
  return problems
}

/** An update's parameters against the stack it updates. */
export const checkUpdate = (spec: StackSpec, update: StackUpdate): string[] =>
  checkParameters((spec.template as Template).parameters ?? {}, update.parameters, false)

/**
 * Heat's str_replace of a node template over its payload file, with sample values: what a
 * node would receive as user data.
 */
export const substitutePayload = (
  spec: StackSpec,
  role: 'master' | 'worker',
  sample: (placeholder: string) => string
): { payloadFile: string; text: string; unused: string[]; unreplaced: string[] } => {
  const nested = parseNested(spec.files[`${role}.yaml`]!)
  const server = nested.resources?.server?.properties as {
    user_data: { str_replace: { template: { get_file: string }; params: Record<string, unknown> } }
  }
  const { template, params } = server.user_data.str_replace
  const original = spec.files[template.get_file]!
  let text = original
  const unused: string[] = []
  for (const key of Object.keys(params)) {
    if (!original.includes(key)) unused.push(key)
    text = text.split(key).join(sample(key))
  }
  const unreplaced = [...new Set(text.match(/@@[a-z0-9_]+@@/g) ?? [])]
  return { payloadFile: template.get_file, text, unused, unreplaced }
}
