import {
  ConflictError,
  DependencyError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  UnauthorizedError,
} from '@berth/core/errors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { errorMessageFrom, OpenStackError, redactUrl, scrub, toCoreError } from './errors'

const httpError = (status: number, detail = 'nope') =>
  new OpenStackError({
    service: 'glance',
    method: 'GET',
    url: 'http://g/v2/images',
    status,
    failure: 'http',
    detail,
  })

describe('Function: errorMessageFrom', () => {
  it.each([
    [
      'Keystone',
      '{"error":{"code":404,"message":"Could not recognize Fernet token","title":"Not Found"}}',
      'Could not recognize Fernet token',
    ],
    [
      'Nova',
      '{"itemNotFound": {"code": 404, "message": "Flavor m1.tiny could not be found."}}',
      'Flavor m1.tiny could not be found.',
    ],
    [
      'Neutron',
      '{"NeutronError": {"type": "NetworkNotFound", "message": "Network nope could not be found.", "detail": ""}}',
      'Network nope could not be found.',
    ],
    ['old Neutron', '{"NeutronError": "Bad request"}', 'Bad request'],
    [
      'Heat',
      '{"explanation": "The resource could not be found.", "code": 404, "error": {"message": "The Stack (x) could not be found.", "traceback": null, "type": "EntityNotFound"}, "title": "Not Found"}',
      'The Stack (x) could not be found.',
    ],
    [
      'WebOb JSON',
      '{"title": "Conflict", "explanation": "There was a conflict when trying to complete your request."}',
      'There was a conflict when trying to complete your request.',
    ],
    [
      'WSME',
      '{"faultcode": "Client", "faultstring": "Invalid input", "debuginfo": null}',
      'Invalid input',
    ],
    [
      'API-SIG',
      '{"errors": [{"status": 400, "title": "Bad Request", "detail": "Name is required."}]}',
      'Name is required.',
    ],
    ['plain text', 'Service Unavailable', 'Service Unavailable'],
    [
      'WebOb text',
      '404 Not Found\n\nNo image found with ID abc\n\n   ',
      'No image found with ID abc',
    ],
  ])('reads the %s format', (_name, body, expected) => {
    // Act
    const message = errorMessageFrom(body)

    // Assess
    expect(message).toBe(expected)
  })

  it('reads Glance HTML pages without the status line', () => {
    // Prepare: as the real Glance 25 sends it
    const html =
      '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID 0000<br /><br />\n\n\n\n </body>\n</html>'

    // Act & Assess
    expect(errorMessageFrom(html)).toBe('No image found with ID 0000')
  })

  it('decodes HTML entities, as Glance escapes quotes in its 400 pages', () => {
    // Prepare
    const html =
      '<html><head><title>400 Bad Request</title></head><body><h1>400 Bad Request</h1>\n  &#x27;bogus&#x27; is not one of [&#39;public&#39;] &amp; &lt;more&gt; &#xFFFFFF;\n</body></html>'

    // Act & Assess
    expect(errorMessageFrom(html)).toBe("'bogus' is not one of ['public'] & <more> \ufffd")
  })

  it('returns undefined for empty bodies and unknown JSON', () => {
    expect(errorMessageFrom('')).toBeUndefined()
    expect(errorMessageFrom('{"a": 1, "b": 2}')).toBeUndefined()
  })

  it('never throws and stays short, whatever a service sends', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.string().map((t) => `<html>${t}&#${t};</html>`)
        ),
        (body) => {
          const m = errorMessageFrom(body)
          return m === undefined || (m.length > 0 && m.length <= 501)
        }
      )
    )
  })

  it('cuts very long messages', () => {
    const message = errorMessageFrom('x'.repeat(5000))
    expect(message?.length).toBeLessThan(600)
  })
})

describe('Function: redactUrl', () => {
  it('drops user info and secret-looking query values, keeps the rest', () => {
    // Act
    const url = redactUrl('https://user:pw@cloud:5000/v3/x?name=web&token=abc&api_key=k')

    // Assess
    expect(url).toBe('https://cloud:5000/v3/x?name=web&token=***&api_key=***')
  })

  it('never returns an unparsable URL verbatim', () => {
    expect(redactUrl('not a url with secret')).toBe('<invalid url>')
  })
})

describe('Function: scrub', () => {
  it('blanks out every secret', () => {
    expect(scrub('token abcd1234 and abcd1234 again', ['abcd1234'])).toBe('token *** and *** again')
  })
})

describe('Function: toCoreError', () => {
  it.each([
    [400, InvalidError],
    [401, UnauthorizedError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, DependencyError],
    [500, DependencyError],
    [503, DependencyError],
  ])('maps HTTP %i to %o', (status, type) => {
    expect(toCoreError(httpError(status))).toBeInstanceOf(type)
  })

  it("uses Keystone's wording for 401", () => {
    expect(toCoreError(httpError(401, 'whatever')).message).toBe(
      'The request you have made requires authentication.'
    )
  })

  it('names the service for failures the caller cannot fix', () => {
    // Prepare
    const timeout = new OpenStackError({
      service: 'neutron',
      method: 'GET',
      url: 'http://n/v2.0/networks',
      status: 0,
      failure: 'timeout',
      detail: 'no response in time',
    })

    // Act
    const mapped = toCoreError(timeout)

    // Assess
    expect(mapped).toBeInstanceOf(DependencyError)
    expect((mapped as DependencyError).service).toBe('neutron')
    expect(mapped.message).toBe('neutron: did not answer in time')
  })

  it('passes domain errors through and wraps anything else', () => {
    const conflict = new ConflictError('dup')
    expect(toCoreError(conflict)).toBe(conflict)
    expect(toCoreError(new TypeError('x'))).toBeInstanceOf(DependencyError)
  })
})
