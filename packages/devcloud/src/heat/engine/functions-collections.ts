import { isMap, pyStr } from './pyjson'
import { argError, defineFunction, hasUnresolved, resolve, UNRESOLVED, type Where } from './resolve'

/** Replaces every occurrence of each key in strings (keys and values of maps, list items). */
const substitute = (template: unknown, vars: Record<string, unknown>): unknown => {
  if (typeof template === 'string') {
    let text = template
    for (const [k, v] of Object.entries(vars)) text = text.split(k).join(pyStr(v))
    return text
  }
  if (Array.isArray(template)) return template.map((t) => substitute(t, vars))
  if (isMap(template)) {
    return Object.fromEntries(
      Object.entries(template).map(([k, v]) => [substitute(k, vars) as string, substitute(v, vars)])
    )
  }
  return template
}

const product = (lists: [string, unknown[]][]): Record<string, unknown>[] =>
  lists.reduce<Record<string, unknown>[]>(
    (acc, [key, values]) => acc.flatMap((combo) => values.map((v) => ({ ...combo, [key]: v }))),
    [{}]
  )

defineFunction('repeat', (args, ctx, where, fn) => {
  const usage = 'Arguments to "repeat" must be a map with keys "for_each" and "template"'
  if (!isMap(args) || !('for_each' in args) || !('template' in args))
    throw argError(where, fn, usage)
  const forEach = resolve(args.for_each, ctx, where)
  if (hasUnresolved(forEach)) return UNRESOLVED
  if (!isMap(forEach))
    throw argError(where, fn, 'The "for_each" argument to "repeat" must contain a map')
  const lists = Object.entries(forEach).map(([k, v]): [string, unknown[]] => {
    if (!Array.isArray(v))
      throw argError(where, fn, 'The values of the "for_each" argument to "repeat" must be lists')
    return [k, v]
  })
  const permutations =
    args.permutations === undefined ? true : Boolean(resolve(args.permutations, ctx, where))
  let combos: Record<string, unknown>[]
  if (permutations) combos = product(lists)
  else {
    const length = lists[0]?.[1].length ?? 0
    if (lists.some(([, l]) => l.length !== length)) {
      throw argError(
        where,
        fn,
        'For "repeat" with permutations false, all "for_each" lists must be the same length'
      )
    }
    combos = Array.from({ length }, (_, i) => Object.fromEntries(lists.map(([k, l]) => [k, l[i]])))
  }
  const template = args.template
  return combos.map((vars) => resolve(substitute(template, vars), ctx, where))
})

const mapsOf = (
  value: unknown,
  where: Where,
  fn: string,
  usage: string
): Record<string, unknown>[] => {
  if (!Array.isArray(value)) throw argError(where, fn, usage)
  return value
    .filter((m) => m !== null)
    .map((m) => {
      if (!isMap(m)) throw argError(where, fn, usage)
      return m
    })
}

defineFunction('map_merge', (args, ctx, where, fn) => {
  const resolved = resolve(args, ctx, where)
  if (hasUnresolved(resolved)) return UNRESOLVED
  return Object.assign(
    {},
    ...mapsOf(resolved, where, fn, 'Incorrect arguments: Items to merge must be maps.')
  )
})

defineFunction('map_replace', (args, ctx, where, fn) => {
  const resolved = resolve(args, ctx, where)
  if (hasUnresolved(resolved)) return UNRESOLVED
  const usage =
    'Incorrect arguments to "map_replace" should be: "map_replace" : [{"k1": "v1"}, {"keys": {"k1": "k2"}, "values": {"v1": "v2"}}]'
  if (
    !Array.isArray(resolved) ||
    resolved.length !== 2 ||
    !isMap(resolved[0]) ||
    !isMap(resolved[1])
  ) {
    throw argError(where, fn, usage)
  }
  const keys = (resolved[1].keys ?? {}) as Record<string, string>
  const values = (resolved[1].values ?? {}) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(resolved[0])) {
    const key = keys[k] ?? k
    if (key in out)
      throw argError(where, fn, `key replacement ${key} collides with a key in the input map`)
    out[key] = typeof v === 'string' && v in values ? values[v] : v
  }
  return out
})

for (const fn of ['list_concat', 'list_concat_unique']) {
  defineFunction(fn, (args, ctx, where) => {
    const resolved = resolve(args, ctx, where)
    if (hasUnresolved(resolved)) return UNRESOLVED
    if (!Array.isArray(resolved) || resolved.some((l) => l !== null && !Array.isArray(l))) {
      throw argError(
        where,
        fn,
        `Incorrect arguments to "${fn}" should be: "${fn}" : [ [...], [...] ]`
      )
    }
    const all = (resolved as (unknown[] | null)[]).flatMap((l) => l ?? [])
    if (fn === 'list_concat') return all
    const seen = new Set<string>()
    return all.filter((v) => {
      const key = JSON.stringify(v)
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
  })
}

defineFunction('filter', (args, ctx, where, fn) => {
  const resolved = resolve(args, ctx, where)
  if (hasUnresolved(resolved)) return UNRESOLVED
  if (
    !Array.isArray(resolved) ||
    resolved.length !== 2 ||
    !Array.isArray(resolved[0]) ||
    !Array.isArray(resolved[1])
  ) {
    throw argError(
      where,
      fn,
      'Incorrect arguments to "filter" should be: "filter" : [ [ "value_to_remove" ], [ "list", "of", "values" ] ]'
    )
  }
  const drop = resolved[0].map((v) => JSON.stringify(v))
  return resolved[1].filter((v) => !drop.includes(JSON.stringify(v)))
})
