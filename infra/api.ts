import { lambdaDefaults } from './functions'
import { isProduction } from './names'

/** API Gateway (HTTP API, payload v2); created first, since functions are told its URL. */
export const createApiGateway = () =>
  new sst.aws.ApiGatewayV2('Api', {
    accessLog: { retention: isProduction() ? '3 months' : '2 weeks' },
  })

/** Every path to one Lambda: the Hono app. */
export const routeApi = (
  api: sst.aws.ApiGatewayV2,
  link: sst.aws.FunctionArgs['link'],
  copyFiles: { from: string; to: string }[]
) =>
  api.route('$default', {
    ...lambdaDefaults(),
    handler: 'functions/api/index.handler',
    description: 'Berth Magnum-compatible API',
    memory: '1024 MB',
    timeout: '29 seconds',
    link,
    copyFiles,
  })
