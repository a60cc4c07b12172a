/**
 * Condition and update expressions built from named parts. Every attribute name and value goes
 * through a placeholder (`#n0`, `:v0`), so reserved words and odd attribute names are harmless,
 * and the parts compose without clashing placeholders.
 */
export class Placeholders {
  private readonly names = new Map<string, string>()
  private readonly values: Record<string, unknown> = {}
  private valueCount = 0

  name(attribute: string): string {
    let placeholder = this.names.get(attribute)
    if (placeholder === undefined) {
      placeholder = `#n${this.names.size}`
      this.names.set(attribute, placeholder)
    }
    return placeholder
  }

  value(v: unknown): string {
    const placeholder = `:v${this.valueCount++}`
    this.values[placeholder] = v
    return placeholder
  }

  /** The attribute maps for a command; an empty values map is omitted, as DynamoDB requires. */
  attributes(): ExpressionAttributes {
    const names = Object.fromEntries([...this.names].map(([attr, ph]) => [ph, attr]))
    return {
      ...(this.names.size > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(this.valueCount > 0 ? { ExpressionAttributeValues: { ...this.values } } : {}),
    }
  }
}

/** A condition renders itself against shared placeholders. */
export type Condition = (p: Placeholders) => string

export const attributeExists =
  (attribute: string): Condition =>
  (p) =>
    `attribute_exists(${p.name(attribute)})`

export const attributeNotExists =
  (attribute: string): Condition =>
  (p) =>
    `attribute_not_exists(${p.name(attribute)})`

export const equals =
  (attribute: string, value: unknown): Condition =>
  (p) =>
    `${p.name(attribute)} = ${p.value(value)}`

export const greaterThan =
  (attribute: string, value: number): Condition =>
  (p) =>
    `${p.name(attribute)} > ${p.value(value)}`

export const lessThan =
  (attribute: string, value: number): Condition =>
  (p) =>
    `${p.name(attribute)} < ${p.value(value)}`

export const atMost =
  (attribute: string, value: number): Condition =>
  (p) =>
    `${p.name(attribute)} <= ${p.value(value)}`

/** The attribute equals one of `values` (DynamoDB's IN takes at most 100). */
export const isIn =
  (attribute: string, values: readonly unknown[]): Condition =>
  (p) =>
    `${p.name(attribute)} IN (${values.map((v) => p.value(v)).join(', ')})`

export const and =
  (...conditions: Condition[]): Condition =>
  (p) =>
    conditions.map((c) => `(${c(p)})`).join(' AND ')

export const or =
  (...conditions: Condition[]): Condition =>
  (p) =>
    conditions.map((c) => `(${c(p)})`).join(' OR ')

/** An update expression's clauses; empty clauses are left out. */
export interface UpdateParts {
  set?: Record<string, unknown>
  remove?: readonly string[]
  add?: Record<string, number>
}

export const renderUpdate = (parts: UpdateParts, p: Placeholders): string => {
  const clauses: string[] = []
  const set = Object.entries(parts.set ?? {})
  if (set.length > 0) {
    clauses.push(`SET ${set.map(([a, v]) => `${p.name(a)} = ${p.value(v)}`).join(', ')}`)
  }
  if (parts.remove && parts.remove.length > 0) {
    clauses.push(`REMOVE ${parts.remove.map((a) => p.name(a)).join(', ')}`)
  }
  const add = Object.entries(parts.add ?? {})
  if (add.length > 0) {
    clauses.push(`ADD ${add.map(([a, n]) => `${p.name(a)} ${p.value(n)}`).join(', ')}`)
  }
  return clauses.join(' ')
}

export interface ExpressionAttributes {
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Record<string, unknown>
}

/**
 * A condition as command fields.
 * @example
 * await db.delete({ TableName, Key, ...conditionFields(equals('version', 3)) })
 */
export const conditionFields = (
  condition: Condition
): ExpressionAttributes & { ConditionExpression: string } => {
  const p = new Placeholders()
  const ConditionExpression = condition(p)
  return { ConditionExpression, ...p.attributes() }
}

/**
 * An update, optionally conditional, as command fields.
 * @example
 * const fields = updateFields({ add: { refCount: 1 } }, attributeExists('PK'))
 * await db.update({ TableName, Key, ...fields })
 */
export const updateFields = (
  update: UpdateParts,
  condition?: Condition
): ExpressionAttributes & { UpdateExpression: string; ConditionExpression?: string } => {
  const p = new Placeholders()
  const UpdateExpression = renderUpdate(update, p)
  const ConditionExpression = condition ? condition(p) : undefined
  return {
    UpdateExpression,
    ...(ConditionExpression ? { ConditionExpression } : {}),
    ...p.attributes(),
  }
}
