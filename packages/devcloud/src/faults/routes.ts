import { type Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'
import type { DevCloud } from '../context'
import { STATUS_TITLES } from '../http'
import { checkToken, isAdmin } from '../keystone/tokens'
import { FaultSpecSchema } from './model'

const TimingPatchSchema = z
  .object({
    heatResourceMs: z.number().int().min(0),
    serverBuildMs: z.number().int().min(0),
    loadBalancerMs: z.number().int().min(0),
    volumeBuildMs: z.number().int().min(0),
    heatMinuteMs: z.number().int().min(1),
    deletedStackRetentionMs: z.number().int().min(0),
  })
  .partial()
  .strict()

const controlError = (c: Context, status: ContentfulStatusCode, message: string) =>
  c.json({ error: { code: status, title: STATUS_TITLES[status] ?? 'Error', message } }, status)

const readBody = async (c: Context): Promise<unknown> => {
  try {
    return await c.req.json()
  } catch {
    return undefined
  }
}

/**
 * The development cloud's control API, for tests that reach it only over HTTP: faults and
 * timing. Needs an admin's X-Auth-Token, checked directly (it works while Keystone is "down").
 */
export const controlApp = (cloud: DevCloud) => {
  const app = new Hono()
  app.use(async function requireAdminToken(c, next) {
    const check = checkToken(cloud, c.req.header('X-Auth-Token'))
    if (!check.ok) return controlError(c, 401, 'The request you have made requires authentication.')
    if (!isAdmin(check.valid)) return controlError(c, 403, 'The control API needs the admin role.')
    await next()
  })
  app.get('/faults', (c) => c.json({ faults: cloud.faults.list() }))
  app.post('/faults', async (c) => {
    const parsed = FaultSpecSchema.safeParse(await readBody(c))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return controlError(c, 400, `Invalid fault: ${issue?.path.join('.')} ${issue?.message}`)
    }
    return c.json({ fault: cloud.faults.add(parsed.data) }, 201)
  })
  app.delete('/faults', (c) => {
    cloud.faults.clear()
    return c.body(null, 204)
  })
  app.delete('/faults/:id', (c) =>
    cloud.faults.remove(c.req.param('id'))
      ? c.body(null, 204)
      : controlError(c, 404, `Fault ${c.req.param('id')} not found.`)
  )
  app.get('/timing', (c) => c.json({ timing: cloud.timing }))
  app.patch('/timing', async (c) => {
    const parsed = TimingPatchSchema.safeParse(await readBody(c))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return controlError(c, 400, `Invalid timing: ${issue?.path.join('.')} ${issue?.message}`)
    }
    Object.assign(cloud.timing, parsed.data)
    return c.json({ timing: cloud.timing })
  })
  return app
}
