import { Hono } from 'hono'
import { actorOf } from '../../actor'
import type { DevCloud } from '../../context'
import { HeatError } from '../engine/errors'
import type { Constraint, ParamSchema } from '../engine/parameters'
import { validateDefinition } from '../stack/validate'
import type { HeatEnv } from './env'
import { tenantOf } from './lookup'
import { heatBody, stackRequest } from './requests'

const TYPE_NAMES: Record<string, string> = {
  string: 'String',
  number: 'Number',
  json: 'Json',
  comma_delimited_list: 'CommaDelimitedList',
  boolean: 'Boolean',
}

/** The CFN-style parameter description /validate answers with. */
const describe = (s: ParamSchema, given: Record<string, unknown>) => {
  const out: Record<string, unknown> = {
    Type: TYPE_NAMES[s.type],
    Description: s.description,
    NoEcho: s.hidden ? 'true' : 'false',
    Label: s.label,
  }
  if (s.hasDefault) out.Default = s.default
  if (s.name in given) out.Value = given[s.name]
  for (const c of s.constraints as Constraint[]) {
    if (c.kind === 'range')
      Object.assign(
        out,
        c.min === undefined ? {} : { MinValue: c.min },
        c.max === undefined ? {} : { MaxValue: c.max }
      )
    if (c.kind === 'length')
      Object.assign(
        out,
        c.min === undefined ? {} : { MinLength: c.min },
        c.max === undefined ? {} : { MaxLength: c.max }
      )
    if (c.kind === 'allowed_values') out.AllowedValues = c.values
    if (c.kind === 'allowed_pattern') out.AllowedPattern = c.pattern
    if (c.kind === 'custom_constraint') out.CustomConstraint = c.name
    if (c.description !== undefined) out.ConstraintDescription = c.description
  }
  return out
}

/** /validate reports StackValidationFailed as a plain 400, and its paths with single colons. */
const asValidateError = (err: unknown): unknown => {
  if (!(err instanceof HeatError) || err.heatType !== 'StackValidationFailed') return err
  return new HeatError('HTTPBadRequest', err.message.replaceAll(': : ', ': '))
}

export const heatValidateRoutes = (cloud: DevCloud) => {
  const app = new Hono<HeatEnv>()
  app.post('/v1/:tenant/validate', async (c) => {
    tenantOf(c)
    const body = await heatBody(c)
    if (body.template === undefined && body.template_url === undefined) {
      throw new HeatError('HTTPBadRequest', 'No template specified')
    }
    const req = stackRequest(body)
    if (!req.definition) throw new HeatError('HTTPBadRequest', 'No template specified')
    const env = req.definition.environment
    let validated: ReturnType<typeof validateDefinition>
    try {
      validated = validateDefinition(cloud, actorOf(c.get('caller')), req.definition, {
        strict: false,
      })
    } catch (err) {
      throw asValidateError(err)
    }
    const result: Record<string, unknown> = {
      Description: validated.template.description ?? 'No description',
      Parameters: Object.fromEntries(
        validated.schemas.map((s) => [s.name, describe(s, env.parameters)])
      ),
    }
    if (validated.template.parameterGroups !== undefined)
      result.ParameterGroups = validated.template.parameterGroups
    result.Environment = {
      resource_registry: env.resource_registry,
      parameters: env.parameters,
      parameter_defaults: env.parameter_defaults,
      event_sinks: env.event_sinks,
    }
    return c.json(result)
  })
  return app
}
