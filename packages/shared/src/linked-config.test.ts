import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ConfigError, linkedEnvironment, linkedResources, loadConfig } from './config'

const linked = {
  App: { name: 'berth', stage: 'prod' },
  Table: { name: 'berth-prod-TableTable-abc', type: 'sst.aws.Dynamo' },
  SecretsKey: { arn: 'arn:aws:kms:eu-west-1:1:key/k' },
  Settings: {
    OS_AUTH_URL: 'https://keystone.example.net/v3',
    BERTH_OIDC_ISSUER: '',
    NOT_A_SETTING: 'ignored',
  },
  ClusterCreateWorkflow: { workflow: 'cluster-create', arn: 'arn:aws:states:::sm:create' },
  ClusterDeleteWorkflow: { workflow: 'cluster-delete', arn: 'arn:aws:states:::sm:delete' },
}

describe('Function: linkedEnvironment', () => {
  it('turns what sst.config.ts links into the settings it stands for', () => {
    expect(linkedEnvironment(linked)).toEqual({
      BERTH_TABLE_NAME: 'berth-prod-TableTable-abc',
      BERTH_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:1:key/k',
      OS_AUTH_URL: 'https://keystone.example.net/v3',
      BERTH_STATE_MACHINE_ARNS: JSON.stringify({
        'cluster-create': 'arn:aws:states:::sm:create',
        'cluster-delete': 'arn:aws:states:::sm:delete',
      }),
    })
  })

  it('gives nothing when nothing is linked', () => {
    expect(linkedEnvironment({})).toEqual({})
  })
})

describe('Function: loadConfig with linked resources', () => {
  it('lets linked resources win over the environment', () => {
    const config = loadConfig({ BERTH_TABLE_NAME: 'local', BERTH_LOG_LEVEL: 'WARN' }, linked)
    expect(config.BERTH_TABLE_NAME).toBe('berth-prod-TableTable-abc')
    expect(config.BERTH_LOG_LEVEL).toBe('WARN')
    expect(config.BERTH_STATE_MACHINE_ARNS['cluster-delete']).toBe('arn:aws:states:::sm:delete')
  })

  it('reads BERTH_STATE_MACHINE_ARNS as a JSON object of strings, empty by default', () => {
    expect(loadConfig({}).BERTH_STATE_MACHINE_ARNS).toEqual({})
    expect(() => loadConfig({ BERTH_STATE_MACHINE_ARNS: 'not json' })).toThrow(ConfigError)
    expect(() => loadConfig({ BERTH_STATE_MACHINE_ARNS: '{"a":1}' })).toThrow(ConfigError)
  })
})

describe('Function: linkedResources', () => {
  it('is empty outside SST', () => {
    expect(linkedResources()).toEqual({})
  })

  it('reads what SST links to a function, and loadConfig uses it unasked', () => {
    // A fresh process: SST reads its links once per process, from the environment a Lambda has.
    const script = `import { loadConfig } from './packages/shared/src/config.ts'
      const c = loadConfig(process.env)
      process.stdout.write(JSON.stringify([c.BERTH_TABLE_NAME, c.BERTH_STATE_MACHINE_ARNS, c.OS_AUTH_URL]))`
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          SST_RESOURCE_App: JSON.stringify({ name: 'berth', stage: 'test' }),
          SST_RESOURCE_Table: JSON.stringify({ name: 'berth-test-Table' }),
          SST_RESOURCE_WorkflowClusterCreate: JSON.stringify({
            arn: 'arn:sm',
            workflow: 'cluster-create',
          }),
          SST_RESOURCE_Settings: JSON.stringify({ OS_AUTH_URL: 'https://keystone.example.net/v3' }),
        },
      }
    )
    expect(JSON.parse(out)).toEqual([
      'berth-test-Table',
      { 'cluster-create': 'arn:sm' },
      'https://keystone.example.net/v3',
    ])
  })
})
