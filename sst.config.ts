/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Berth on AWS: API Gateway v2 → the Hono Lambda, and the single DynamoDB table. Workflows,
 * task functions and scheduled jobs join as their issues land (see README, "Deploying to AWS").
 * SST forbids top-level imports here, so shared definitions are imported inside run().
 */
export default $config({
  app(input) {
    const production = input?.stage === 'production'
    return {
      name: 'berth',
      home: 'aws',
      removal: production ? 'retain' : 'remove',
      protect: production,
    }
  },
  async run() {
    const { GLOBAL_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } = await import('./packages/store/src/table')
    const production = $app.stage === 'production'

    const table = new sst.aws.Dynamo('Table', {
      fields: Object.fromEntries(
        [
          TABLE_KEYS.partitionKey,
          TABLE_KEYS.sortKey,
          ...GLOBAL_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
        ].map((name) => [name, 'string' as const])
      ),
      primaryIndex: { hashKey: TABLE_KEYS.partitionKey, rangeKey: TABLE_KEYS.sortKey },
      globalIndexes: Object.fromEntries(
        GLOBAL_INDEXES.map((i) => [i.name, { hashKey: i.partitionKey, rangeKey: i.sortKey }])
      ),
      ttl: TTL_ATTRIBUTE,
      deletionProtection: production,
      transform: {
        table: (args) => {
          args.pointInTimeRecovery = { enabled: true }
        },
      },
    })

    const api = new sst.aws.ApiGatewayV2('Api')
    api.route('$default', {
      handler: 'functions/api/index.handler',
      runtime: 'nodejs22.x',
      memory: '512 MB',
      timeout: '29 seconds',
      link: [table],
      environment: {
        BERTH_TABLE_NAME: table.name,
        OS_AUTH_URL: process.env.OS_AUTH_URL ?? '',
        BERTH_OIDC_ISSUER: process.env.BERTH_OIDC_ISSUER ?? '',
        BERTH_OIDC_AUDIENCE: process.env.BERTH_OIDC_AUDIENCE ?? '',
      },
    })

    return { api: api.url, table: table.name }
  },
})
