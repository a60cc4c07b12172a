/**
 * Heat is Python: where it turns values into text (str_replace, list_join, parameter display)
 * the spelling is Python's. `json.dumps` separates with ", " and ": "; `str()` of a boolean is
 * True/False.
 */
export const pyJson = (value: unknown): string => {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v)}`).join(', ')}}`
  }
  return JSON.stringify(value)
}

/** Python's `str()` of a template value. */
export const pyStr = (value: unknown): string => {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (value === null || value === undefined) return 'None'
  if (typeof value === 'number') return String(value)
  return pyJson(value)
}

export const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** Python's `repr()`, which some of Heat's messages quote values with. */
export const pyRepr = (value: unknown): string => {
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
  if (isMap(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`
  return pyStr(value)
}

/** A metadata map as Heat passes it to Nova and Cinder: strings kept, anything else as JSON. */
export const metadataOf = (raw: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((raw ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : pyJson(v),
    ])
  )
