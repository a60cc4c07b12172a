import { CloudError } from '../../http'

/**
 * A Heat engine exception: its class name (`StackValidationFailed`, `InvalidTemplateReference`…)
 * is what the API reports as `error.type`, and what resource failures are prefixed with.
 */
export class HeatError extends CloudError {
  constructor(
    readonly heatType: string,
    message: string,
    status: 400 | 404 | 409 | 500 = 400
  ) {
    super(status, message, heatType)
    this.name = 'HeatError'
  }
}

export const invalidReference = (name: string, where: string) =>
  new HeatError(
    'InvalidTemplateReference',
    `The specified reference "${name}" (in ${where}) is incorrect.`
  )

export const validationFailed = (message: string) => new HeatError('StackValidationFailed', message)

/** `Property error: : resources.<r>.properties[.<p>]: : <message>`, as stack create reports it. */
export const propertyError = (resource: string, property: string | undefined, message: string) =>
  validationFailed(
    `Property error: : resources.${resource}.properties${property === undefined ? '' : `.${property}`}: : ${message}`
  )
