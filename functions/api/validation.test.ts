import { ClusterTemplateInputSchema, READ_ONLY_ATTRIBUTES } from '@berth/core/cluster-templates'
import { InvalidError } from '@berth/core/errors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { onlyQuery, parseBody } from './validation'

const parse = (body: unknown) =>
  parseBody(ClusterTemplateInputSchema, body, 'cluster_template', READ_ONLY_ATTRIBUTES)

describe('Function: parseBody', () => {
  it('accepts a minimal template and coerces labels to strings', () => {
    const t = parse({ coe: 'kubernetes', image_id: 'fedora-coreos', labels: { a: 1, b: true } })
    expect(t.labels).toEqual({ a: '1', b: 'True' })
  })

  it.each([
    [
      { coe: 'kubernetes', image_id: 'x', colour: 'red' },
      'Unknown attribute for argument cluster_template: colour',
    ],
    [{ image_id: 'x' }, 'Mandatory field missing: coe.'],
    [
      { coe: 'kubernetes', image_id: 'x', docker_volume_size: 'big' },
      'Invalid input for field/attribute docker_volume_size',
    ],
    [
      { coe: 'kubernetes', image_id: 'x', apiserver_port: 80 },
      'Invalid input for field/attribute apiserver_port',
    ],
    [{ coe: 'kubernetes', image_id: 'x', dns_nameserver: '8.8.8.8,nope' }, 'dns_nameserver'],
    [{ coe: 'openshift', image_id: 'x' }, 'Invalid input for field/attribute coe'],
    [[1, 2], 'expected a JSON object'],
  ])('rejects %j', (body, message) => {
    expect(() => parse(body)).toThrow(InvalidError)
    expect(() => parse(body)).toThrow(message)
  })

  it('ignores read-only attributes echoed from a GET', () => {
    expect(
      parse({ coe: 'kubernetes', image_id: 'x', links: [], project_id: 'p' })
    ).not.toHaveProperty('project_id')
  })

  it('either parses or throws InvalidError on arbitrary JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        try {
          parse(body)
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidError)
        }
      })
    )
  })
})

describe('Function: onlyQuery', () => {
  it('names the first unknown parameter', () => {
    expect(() => onlyQuery({ limit: '1', colour: 'x' }, ['limit'])).toThrow(
      'Unknown argument: "colour"'
    )
  })
})
