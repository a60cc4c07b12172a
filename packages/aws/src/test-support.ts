import { createHash, createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Test support (not exported from the barrel): a loopback stand-in for an AWS JSON service
 * that records each request and answers as the test says, and an independent SigV4 check.
 */
export interface SeenRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
  /** The operation, from X-Amz-Target after the dot. */
  operation: string
  json: Record<string, unknown>
}

/** An answer: status and JSON body (or raw text), or "drop" to close the connection without one. */
export type FakeAnswer =
  | { status?: number; body?: unknown; text?: string; headers?: Record<string, string> }
  | 'drop'

export interface FakeAws {
  endpoint: string
  requests: SeenRequest[]
  close(): Promise<void>
}

export const startFakeAws = async (
  answer: (request: SeenRequest) => FakeAnswer | Promise<FakeAnswer>
): Promise<FakeAws> => {
  const requests: SeenRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const target = String(req.headers['x-amz-target'] ?? '')
      let json: Record<string, unknown> = {}
      try {
        json = JSON.parse(body) as Record<string, unknown>
      } catch {}
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        operation: target.slice(target.indexOf('.') + 1),
        json,
      }
      requests.push(seen)
      const a = await answer(seen)
      if (a === 'drop') {
        req.socket.destroy()
        return
      }
      res.writeHead(a.status ?? 200, { 'content-type': 'application/x-amz-json-1.0', ...a.headers })
      res.end(a.text ?? (a.body === undefined ? '{}' : JSON.stringify(a.body)))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface SigV4Check {
  accessKeyId: string
  /** date/region/service/aws4_request */
  scope: string
  signedHeaders: string[]
  /** Whether the signature is the one the secret key gives for this request. */
  valid: boolean
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const hmac = (key: string | Buffer, s: string) =>
  createHmac('sha256', key).update(s, 'utf8').digest()

/** Recomputes a request's SigV4 signature from what arrived, as AWS does on its side. */
export const checkSigV4 = (r: SeenRequest, secretAccessKey: string): SigV4Check => {
  const auth = String(r.headers.authorization ?? '')
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), SignedHeaders=([^,]+), Signature=(\w+)$/.exec(
      auth
    )
  if (!m) throw new Error(`not a SigV4 Authorization header: ${auth}`)
  const [, accessKeyId = '', scope = '', signed = '', signature = ''] = m
  const signedHeaders = signed.split(';')
  const canonicalHeaders = signedHeaders
    .map(
      (h) =>
        `${h}:${String(r.headers[h] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`
    )
    .join('')
  const [path, query = ''] = r.path.split('?')
  const canonical = [r.method, path, query, canonicalHeaders, signed, sha256(r.body)].join('\n')
  const amzDate = String(r.headers['x-amz-date'] ?? '')
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
  const [date = '', region = '', service = ''] = scope.split('/')
  let key = hmac(`AWS4${secretAccessKey}`, date)
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part)
  const valid = createHmac('sha256', key).update(toSign, 'utf8').digest('hex') === signature
  return { accessKeyId, scope, signedHeaders, valid }
}
