import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger, REDACTED } from './logger'

afterEach(() => {
  vi.restoreAllMocks()
})

/** Everything written to stdout and stderr while `act` runs, line by line. */
const captured = (act: () => void): string[] => {
  const lines: string[] = []
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk))
      return true
    })
  }
  act()
  vi.restoreAllMocks()
  return lines.join('').split('\n').filter(Boolean)
}

describe('Function: createLogger', () => {
  it('writes one JSON line with the attributes given', () => {
    const lines = captured(() => {
      createLogger('berth-test').info('cluster created', { requestId: 'req-1', clusterId: 'c-1' })
    })
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'INFO',
      message: 'cluster created',
      service: 'berth-test',
      requestId: 'req-1',
      clusterId: 'c-1',
    })
  })

  it('redacts any attribute named like a token, password or secret, however deep', () => {
    const token = 'gAAAAABl-keystone-token-value'
    const lines = captured(() => {
      createLogger('berth-test').error('request failed', {
        requestId: 'req-2',
        headers: { 'X-Auth-Token': token, Authorization: `Bearer ${token}` },
        credential: { id: 'ac-1', secret: 'app-cred-secret' },
        body: { auth: { identity: { password: { user: { password: 'hunter2' } } } } },
        sealed_secret: 'berth-secret:v1:kms:x',
        subjectToken: token,
      })
    })
    const line = lines.join('\n')
    expect(line).not.toContain(token)
    expect(line).not.toContain('app-cred-secret')
    expect(line).not.toContain('hunter2')
    expect(line).not.toContain('berth-secret:v1')
    const parsed = JSON.parse(line)
    expect(parsed.requestId).toBe('req-2')
    expect(parsed.headers['X-Auth-Token']).toBe(REDACTED)
  })
})
