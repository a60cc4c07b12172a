import { Hono } from 'hono'
import type { CallerEnv } from '../auth'
import type { DevCloud } from '../context'
import { badRequest, forbidden, notFound, readJsonObject } from '../http'
import { AuthRequestSchema, authenticate } from './authenticate'
import { renderCatalog } from './catalog'
import { keystoneAuthed } from './guard'
import { projectsOfUser } from './lookups'
import { collectionLinks, renderProject } from './render'
import { checkToken, isAdmin, isService, renderToken, type ValidToken } from './tokens'

const hasFlag = (value: string | undefined): boolean =>
  value !== undefined && !['0', 'false', 'no'].includes(value.toLowerCase())

/** Zod's first problem, phrased like Keystone's schema validation messages. */
const describeIssue = (error: { issues: { path: PropertyKey[]; message: string }[] }): string => {
  const issue = error.issues[0]
  if (!issue) return 'Invalid input.'
  return `Invalid input for field '${issue.path.map(String).join('.')}': ${issue.message}`
}

/** /v3/auth/*: issuing, validating and revoking tokens, and the caller's catalog and projects. */
export const keystoneAuthRoutes = (cloud: DevCloud) => {
  const app = new Hono<CallerEnv>()
  const authed = keystoneAuthed(cloud)

  app.post('/v3/auth/tokens', async (c) => {
    const body = await readJsonObject(c).catch(() => {
      throw badRequest('Expecting to find valid JSON in request body.')
    })
    const parsed = AuthRequestSchema.safeParse(body)
    if (!parsed.success) throw badRequest(describeIssue(parsed.error))
    const token = authenticate(cloud, parsed.data)
    const check = checkToken(cloud, token.id)
    if (!check.ok) throw badRequest(check.message)
    c.header('X-Subject-Token', token.id)
    return c.json(
      renderToken(cloud, check.valid, { catalog: c.req.query('nocatalog') === undefined }),
      201
    )
  })

  /** The subject token, if the caller may see it (itself, same user, admin or service). */
  const subject = (caller: ValidToken, id: string | undefined, allowExpired: boolean) => {
    if (id === undefined) throw notFound('No token in the request')
    const check = checkToken(cloud, id, { allowExpired })
    if (!check.ok) throw notFound(check.message)
    const mayValidate =
      caller.user.id === check.valid.user.id || isAdmin(caller) || isService(caller)
    if (!mayValidate) {
      throw forbidden(
        'You are not authorized to perform the requested action: identity:validate_token.'
      )
    }
    return check.valid
  }

  app.get('/v3/auth/tokens', authed, (c) => {
    const allowExpired = hasFlag(c.req.query('allow_expired'))
    const valid = subject(c.get('caller'), c.req.header('X-Subject-Token'), allowExpired)
    c.header('X-Subject-Token', valid.token.id)
    return c.json(renderToken(cloud, valid, { catalog: c.req.query('nocatalog') === undefined }))
  })

  app.delete('/v3/auth/tokens', authed, (c) => {
    const valid = subject(c.get('caller'), c.req.header('X-Subject-Token'), false)
    delete cloud.state.data.tokens[valid.token.id]
    cloud.state.save()
    return c.body(null, 204)
  })

  app.get('/v3/auth/catalog', authed, (c) => {
    const project = c.get('caller').project
    if (!project) {
      throw forbidden('The authenticated user should be scoped to a project to get a catalog.')
    }
    return c.json({ catalog: renderCatalog(cloud, project.id), links: collectionLinks(c) })
  })

  app.get('/v3/auth/projects', authed, (c) => {
    const projects = projectsOfUser(cloud.state.data, c.get('caller').user.id).filter(
      (p) => p.enabled
    )
    return c.json({
      projects: projects.map((p) => renderProject(cloud, p)),
      links: collectionLinks(c),
    })
  })

  app.get('/v3/auth/domains', authed, (c) => c.json({ domains: [], links: collectionLinks(c) }))
  app.get('/v3/auth/system', authed, (c) => c.json({ system: [], links: collectionLinks(c) }))

  return app
}
