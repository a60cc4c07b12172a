import { BerthError, ErrorKind, InvalidError } from '@berth/core/errors'
import type { Context } from 'hono'

const tooLarge = (limit: number) =>
  new BerthError(ErrorKind.PayloadTooLarge, `Request is too large. The limit is ${limit} bytes.`)

/**
 * Reads a JSON request body, refusing more than `limit` bytes before reading them all (a
 * Content-Length over the limit is refused at once), and anything that is not JSON.
 */
export const readJson = async (c: Context, limit: number): Promise<unknown> => {
  const declared = Number(c.req.header('Content-Length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  const type = c.req.header('Content-Type')
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new BerthError(
      ErrorKind.UnsupportedMediaType,
      `The media type ${type.split(';')[0]} is not supported, use application/json.`
    )
  }
  const reader = c.req.raw.body?.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  while (reader) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '')
    throw new InvalidError('The request body is empty; a JSON document is required.')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new InvalidError(`The request body is not valid JSON: ${(e as Error).message}`)
  }
}
