import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { DevCloud } from '../context'
import { STATUS_TITLES } from '../http'

const UNAUTHORIZED_TEXT =
  'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.'

/**
 * Glance answers errors through WebOb: JSON when the client accepts it (`message`, `code`
 * as "404 Not Found", `title`), otherwise a small HTML page. The trailing `<br /><br />` and
 * blank lines are WebOb's and clients see them verbatim.
 */
export const glanceError = (c: Context, status: ContentfulStatusCode, message: string) => {
  const title = STATUS_TITLES[status] ?? 'Error'
  const detail = `${message}<br /><br />\n\n\n`
  if ((c.req.header('Accept') ?? '').includes('application/json')) {
    return c.json({ message: detail, code: `${status} ${title}`, title }, status)
  }
  const html = `<html>\n <head>\n  <title>${status} ${title}</title>\n </head>\n <body>\n  <h1>${status} ${title}</h1>\n  ${detail}\n </body>\n</html>`
  return c.html(html, status)
}

/** keystonemiddleware in front of Glance: the same WebOb page for a bad or missing token. */
export const glance401 = (c: Context, cloud: DevCloud) => {
  c.header('WWW-Authenticate', `Keystone uri="${cloud.config.baseUrl()}"`)
  return glanceError(c, 401, UNAUTHORIZED_TEXT)
}
