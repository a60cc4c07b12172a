import type { Context } from 'hono'
import type { z } from 'zod'
import { badRequest, readJsonObject } from '../http'

/** Reads and checks a request body; a mismatch is Neutron's InvalidInput 400. */
export const neutronBody = async <T extends z.ZodType>(
  schema: T,
  c: Context
): Promise<z.infer<T>> => {
  const parsed = schema.safeParse(await readJsonObject(c))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw badRequest(
      `Invalid input for operation: '${issue?.path.join('.')}': ${issue?.message}`,
      'InvalidInput'
    )
  }
  return parsed.data
}
