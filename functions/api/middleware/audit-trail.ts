import { randomUUID } from 'node:crypto'
import { type AuditSink, apiAuditRecord, appendQuietly } from '@berth/core/audit'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

interface Answer {
  createdId?: string | undefined
  errorDetail?: string | undefined
}

/** What the response says the call made (a uuid, a quota id) or why it was refused. */
const readAnswer = async (res: Response): Promise<Answer> => {
  if (!(res.headers.get('Content-Type') ?? '').includes('json')) return {}
  try {
    const body = (await res.clone().json()) as Record<string, unknown>
    const first = Array.isArray(body.errors) ? (body.errors[0] as Record<string, unknown>) : {}
    const id = body.uuid ?? body.id
    return {
      createdId: res.status < 300 && id !== undefined ? String(id) : undefined,
      errorDetail: typeof first?.detail === 'string' ? first.detail : undefined,
    }
  } catch {
    return {}
  }
}

/**
 * Appends an audit record for every mutating call that got as far as knowing its caller,
 * whatever its outcome, after the response is made (so the record has the final status). An
 * unauthenticated call has no project to file it under and is left to the access logs.
 */
export const auditTrail = (
  sink: AuditSink,
  warn: (message: string, details: Record<string, unknown>) => void,
  now: () => Date = () => new Date()
) =>
  createMiddleware<AppEnv>(async function auditTrail(c, next) {
    await next()
    if (!MUTATING.has(c.req.method)) return
    const principal = c.get('principal')
    if (!principal) return
    const answer = await readAnswer(c.res)
    const record = apiAuditRecord(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        requestId: c.get('requestId') ?? '',
        principal,
        ...answer,
        host: {
          ...(c.req.header('X-Forwarded-For')
            ? { address: c.req.header('X-Forwarded-For')?.split(',')[0]?.trim() ?? '' }
            : {}),
          ...(c.req.header('User-Agent') ? { agent: c.req.header('User-Agent') ?? '' } : {}),
        },
      },
      now(),
      randomUUID
    )
    await appendQuietly(sink, record, warn)
  })
