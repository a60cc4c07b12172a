import type { Context } from 'hono'
import type { z } from 'zod'
import { badRequest, readJsonObject } from '../http'

/** Reads and checks a body; a mismatch is Octavia's (WSME) 400. */
export const octaviaBody = async <T extends z.ZodType>(
  schema: T,
  c: Context
): Promise<z.infer<T>> => {
  const parsed = schema.safeParse(await readJsonObject(c))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw badRequest(
      `Invalid input for field/attribute ${String(issue?.path.at(-1) ?? 'body')}. ${issue?.message}`
    )
  }
  return parsed.data
}
