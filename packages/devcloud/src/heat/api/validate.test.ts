import { describe, expect, it } from 'vitest'
import { testCloud } from '../../testing'
import { heatClient, hot, type Json } from '../testing'

const validate = async (body: Json) => {
  const t = testCloud()
  const heat = await heatClient(t)
  return heat.call('POST', '/validate', body)
}

const error = async (template: unknown, extra: Json = {}) =>
  (await validate({ template, ...extra })).body.error

describe('POST /validate', () => {
  it('describes parameters and the environment', async () => {
    const res = await validate({
      template: hot(
        { r: { type: 'OS::Heat::RandomString' } },
        {
          description: 'd',
          parameters: {
            p: {
              type: 'number',
              default: 1,
              description: 'a p',
              label: 'P',
              constraints: [{ range: { min: 0, max: 5 } }],
            },
            s: { type: 'string', hidden: true },
          },
        }
      ),
      parameters: { p: 'abc' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      Description: 'd',
      Parameters: {
        p: {
          Type: 'Number',
          Description: 'a p',
          NoEcho: 'false',
          Label: 'P',
          Default: 1,
          Value: 'abc',
          MinValue: 0,
          MaxValue: 5,
        },
        s: { Type: 'String', Description: '', NoEcho: 'true', Label: 's' },
      },
      Environment: {
        resource_registry: { resources: {} },
        parameters: { p: 'abc' },
        parameter_defaults: {},
        event_sinks: [],
      },
    })
  })

  it('reports template errors as Heat does', async () => {
    expect(await error({ heat_template_version: '2099-01-01', resources: {} })).toMatchObject({
      type: 'InvalidTemplateVersion',
      message: expect.stringContaining('"heat_template_version" should be one of: 2013-05-23,'),
    })
    expect(await error({ resources: {} })).toMatchObject({
      message: 'The template version is invalid: Template version was not provided',
    })
    expect(await error(hot({}, { resourcez: {} }))).toEqual({
      type: 'HTTPBadRequest',
      traceback: null,
      message: 'The template section is invalid: resourcez',
    })
    expect(await error(hot({ r: { type: 'OS::Foo::Bar' } }))).toMatchObject({
      type: 'HTTPBadRequest',
      message: 'The Resource Type (OS::Foo::Bar) could not be found.',
    })
    expect(
      await error(
        hot({ r: { type: 'OS::Heat::Value', properties: { value: { get_resource: 'nope' } } } })
      )
    ).toMatchObject({
      type: 'InvalidTemplateReference',
      message: 'The specified reference "nope" (in r.Properties.value) is incorrect.',
    })
    expect(
      await error(
        hot({
          a: { type: 'OS::Heat::RandomString' },
          r: { type: 'OS::Heat::Value', properties: { value: { get_attr: ['a', 'nope'] } } },
        })
      )
    ).toMatchObject({
      message:
        'resources.r.properties.value.get_attr: The Referenced Attribute (a nope) is incorrect.',
    })
    expect(
      await error(hot({ r: { type: 'OS::Heat::RandomString', properties: { lenght: 3 } } }))
    ).toMatchObject({
      message: 'Property error: resources.r.properties: Unknown Property lenght',
    })
    expect(
      await error(hot({ r: { type: 'OS::Heat::RandomString', condition: 'nope' } }))
    ).toMatchObject({ message: 'resources.r.condition: Invalid condition "nope"' })
    expect(await error(hot({}, { conditions: { c: { equals: [1] } } }))).toMatchObject({
      message: 'conditions.c.equals: Arguments to "equals" must be of the form: [value_1, value_2]',
    })
    expect(
      await error(hot({ r: { type: 'OS::Heat::RandomString', propertiez: {} } }))
    ).toMatchObject({
      message: '"propertiez" is not a valid keyword inside a resource definition',
    })
    expect(await error(hot({}, { parameters: { p: { type: 'strin' } } }))).toMatchObject({
      type: 'InvalidSchemaError',
      message: 'Invalid type (strin)',
    })
    expect(
      await error(hot({}, { parameters: { p: { type: 'string' } } }), { parameters: { zz: 1 } })
    ).toMatchObject({
      type: 'UnknownUserParameter',
      message: 'The Parameter (zz) was not defined in template.',
    })
    expect(await error('heat_template_version: 2018-08-31\nresources: [\n')).toMatchObject({
      message: expect.stringMatching(
        /^Template not in valid format: Error parsing template \[root stack\]/
      ),
    })
    expect((await validate({})).body.error).toMatchObject({ message: 'No template specified' })
  })

  it('is lenient where Heat’s is: values are only checked at create', async () => {
    const res = await validate({
      template: hot(
        {
          r: { type: 'OS::Heat::RandomString', properties: { length: { get_param: 'nope' } } },
          v: { type: 'OS::Heat::Value' },
        },
        { parameters: { p: { type: 'string' } } }
      ),
    })
    expect(res.status).toBe(200)
  })
})
