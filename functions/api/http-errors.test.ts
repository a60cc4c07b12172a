import { BerthError, InvalidError, PolicyNotAuthorizedError } from '@berth/core/errors'
import { describe, expect, it } from 'vitest'
import { renderError, STATUS_BY_KIND, titleOf } from './http-errors'

describe('Function: renderError', () => {
  it('renders Magnum’s envelope with the request id', () => {
    const r = renderError(new PolicyNotAuthorizedError('clustertemplate:publish'), 'req-1')
    expect(r.status).toBe(403)
    expect(r.body).toEqual({
      errors: [
        {
          request_id: 'req-1',
          code: 'client',
          status: 403,
          title: "Policy doesn't allow clustertemplate:publish to be performed",
          detail: "Policy doesn't allow clustertemplate:publish to be performed.",
          links: [],
        },
      ],
    })
  })

  it('never leaks the message of an unexpected error', () => {
    const r = renderError(new Error('password=hunter2 at db'), 'req-2')
    expect(r.status).toBe(500)
    expect(JSON.stringify(r.body)).not.toContain('hunter2')
    expect(r.body.errors[0]?.code).toBe('server')
  })

  it('maps every error kind to a 4xx or 5xx', () => {
    for (const status of Object.values(STATUS_BY_KIND)) expect(status).toBeGreaterThanOrEqual(400)
    expect(renderError(new InvalidError('x'), '').status).toBe(400)
    expect(renderError(new BerthError('conflict', 'x'), '').status).toBe(409)
  })
})

describe('Function: titleOf', () => {
  it('keeps dotted names whole and drops the final stop', () => {
    expect(titleOf('Image fedora.x could not be found.')).toBe('Image fedora.x could not be found')
    expect(titleOf('Limit must be positive')).toBe('Limit must be positive')
    expect(titleOf('First. Second.')).toBe('First')
  })
})
