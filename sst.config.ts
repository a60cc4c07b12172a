/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Berth on AWS, one stage per `--stage`: the DynamoDB table, API Gateway → the Hono Lambda, a
 * Step Functions state machine per stepfunctions/*.asl.json with one Lambda per task, the
 * scheduled jobs, the KMS key for secrets, and the operator's settings — all linked, none wired
 * by hand (README, "Deploying to AWS"). SST forbids top-level imports here, so infra/ loads inside run().
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
    const { deploy } = await import('./infra')
    return deploy()
  },
})
