import { lambdaDefaults } from './functions'
import { isProduction } from './names'

/** API Gateway (HTTP API, payload v2) in front of the Hono app: every path to one Lambda. */
export const createApi = (
  link: sst.aws.FunctionArgs['link'],
  copyFiles: { from: string; to: string }[]
) => {
  const api = new sst.aws.ApiGatewayV2('Api', {
    accessLog: { retention: isProduction() ? '3 months' : '2 weeks' },
  })
  api.route('$default', {
    ...lambdaDefaults(),
    handler: 'functions/api/index.handler',
    description: 'Berth Magnum-compatible API',
    memory: '1024 MB',
    timeout: '29 seconds',
    link,
    copyFiles,
  })
  return api
}
