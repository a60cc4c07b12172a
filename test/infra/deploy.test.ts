import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { sstTableArgs } from '../../packages/store/src/table'
import {
  type AslDocument,
  listWorkflows,
  UnresolvedPlaceholderError,
} from '../../stepfunctions/definitions'
import { type FakeSst, installFakeSst, resolved, uninstallFakeSst } from './fake-sst'

const ROOT = join(import.meta.dirname, '..', '..')
// Through a variable, so the main type-check does not follow infra/ (SST's globals live in .sst).
const INFRA = join(ROOT, 'infra', 'index.ts')

const load = async (stage: string, root: string) => {
  vi.resetModules()
  const sst = installFakeSst(stage, root)
  const infra = (await import(INFRA)) as { deploy: () => unknown }
  return { sst, run: () => resolved(infra.deploy()) }
}

const deploy = async (stage: string, root = ROOT): Promise<{ sst: FakeSst; out: unknown }> => {
  const { sst, run } = await load(stage, root)
  return { sst, out: run() }
}

afterEach(() => {
  uninstallFakeSst()
  vi.unstubAllEnvs()
})

interface Statement {
  Action: string[]
  Resource: string | string[]
}
const statements = (policy: unknown): Statement[] =>
  (JSON.parse(resolved(policy) as string) as { Statement: Statement[] }).Statement

describe('infra/ as sst deploy would run it (SST and Pulumi faked)', () => {
  it('declares one state machine per ASL file, with its task ARNs substituted', async () => {
    const { sst } = await deploy('dev')
    const workflows = listWorkflows(join(ROOT, 'stepfunctions'))
    const machines = sst.of('aws.sfn.StateMachine')
    expect(machines.map((m) => m.args.name).sort()).toEqual(
      workflows.map((w) => `berth-dev-${w.name}`).sort()
    )
    const functionArns = new Map(
      sst.of('sst.aws.Function').map((f) => [resolved(f.resource.arn) as string, f.args])
    )
    for (const machine of machines) {
      const definition = resolved(machine.args.definition) as string
      expect(definition).not.toMatch(/\$\{/)
      const doc = JSON.parse(definition) as AslDocument
      for (const state of Object.values(doc.States).filter((s) => s.Type === 'Task')) {
        const fn = functionArns.get(state.Resource as string)
        expect(fn, `${machine.name} ${String(state.Resource)}`).toBeDefined()
        const handler = String(fn?.handler)
        expect(handler).toMatch(/^functions\/workflow\/[a-z0-9-]+\.handler$/)
        expect(existsSync(join(ROOT, handler.replace(/\.handler$/, '.ts')))).toBe(true)
      }
      expect(resolved(machine.args.tags)).toEqual({
        'berth:workflow': machine.args.name?.toString().replace('berth-dev-', ''),
      })
      expect(machine.args.loggingConfiguration).toMatchObject({ includeExecutionData: false })
    }
  })

  it('lets each state machine invoke exactly the tasks its ASL names', async () => {
    const { sst } = await deploy('dev')
    const roles = sst.of('aws.iam.Role')
    for (const machine of sst.of('aws.sfn.StateMachine')) {
      const role = roles.find((r) => resolved(r.resource.arn) === resolved(machine.args.roleArn))
      expect(role, machine.name).toBeDefined()
      const policy = sst.one('aws.iam.RolePolicy', `${machine.name}Policy`)
      const invoke = statements(policy.args.policy).find((s) =>
        s.Action.includes('lambda:InvokeFunction')
      )
      const definition = JSON.parse(resolved(machine.args.definition) as string) as AslDocument
      const used = [
        ...new Set(
          Object.values(definition.States).flatMap((s) =>
            s.Type === 'Task' ? [s.Resource as string] : []
          )
        ),
      ]
      expect([...((invoke?.Resource ?? []) as string[])].sort()).toEqual(
        used.flatMap((arn) => [arn, `${arn}:*`]).sort()
      )
      const trust = JSON.parse(resolved(role?.args.assumeRolePolicy) as string)
      expect(trust.Statement[0].Principal).toEqual({ Service: 'states.amazonaws.com' })
    }
  })

  it('links state machines as {arn, workflow} with start and describe rights only', async () => {
    const { sst } = await deploy('dev')
    const link = sst.wrapped.get('aws.sfn.StateMachine')
    const [machine] = sst.of('aws.sfn.StateMachine')
    if (!link || !machine) throw new Error('no linkable state machine declared')
    const definition = resolved(link(machine.resource)) as {
      properties: Record<string, string>
      include: { actions: string[]; resources: string[] }[]
    }
    const arn = resolved(machine.resource.arn) as string
    expect(definition.properties).toEqual({
      arn,
      workflow: (machine.args.tags as Record<string, string>)['berth:workflow'],
    })
    expect(definition.include).toEqual([
      { actions: ['states:StartExecution'], resources: [arn] },
      {
        actions: ['states:DescribeExecution'],
        resources: [`${arn.replace(':stateMachine:', ':execution:')}:*`],
      },
    ])
  })

  it('links the API to the table, key, settings and every workflow; tasks to no workflow', async () => {
    const { sst, out } = await deploy('dev')
    const table = sst.one('sst.aws.Dynamo', 'Table').resource
    const key = sst.one('sst.Linkable', 'SecretsKey').resource
    const settings = sst.one('sst.Linkable', 'Settings').resource
    const machines = sst.of('aws.sfn.StateMachine').map((m) => m.resource)
    const route = sst.one('sst.aws.ApiGatewayV2.route', '$default')
    expect(route.args).toMatchObject({
      handler: 'functions/api/index.handler',
      runtime: 'nodejs22.x',
      nodejs: {
        format: 'esm',
        minify: true,
        splitting: true,
      },
      logging: { retention: '2 weeks' },
    })
    expect(route.args.link).toEqual([table, key, settings, ...machines])
    expect(route.args).not.toHaveProperty('environment')
    for (const task of sst.of('sst.aws.Function')) {
      expect(task.args.link).toEqual([table, key, settings])
    }
    expect(out).toMatchObject({ api: 'https://Api.example', table: 'Table-physical' })
  })

  it('declares the store’s table with point-in-time recovery; deletion protection in production', async () => {
    const dev = (await deploy('dev')).sst.one('sst.aws.Dynamo', 'Table').args
    expect(dev).toMatchObject({ ...sstTableArgs(), deletionProtection: false })
    const tableArgs: { pointInTimeRecovery?: unknown } = {}
    ;(dev.transform as { table: (a: typeof tableArgs) => void }).table(tableArgs)
    expect(tableArgs.pointInTimeRecovery).toEqual({ enabled: true })
    const prod = await deploy('production')
    expect(prod.sst.one('sst.aws.Dynamo', 'Table').args.deletionProtection).toBe(true)
    expect(prod.sst.one('sst.aws.ApiGatewayV2.route', '$default').args).toMatchObject({
      logging: { retention: '3 months' },
    })
  })

  it('a KMS key with rotation, usable only for data keys by what links it', async () => {
    const { sst } = await deploy('dev')
    expect(sst.one('aws.kms.Key', 'SecretsKmsKey').args).toMatchObject({ enableKeyRotation: true })
    const link = sst.one('sst.Linkable', 'SecretsKey').args as {
      properties: { arn: unknown }
      include: unknown
    }
    const keyArn = resolved(sst.one('aws.kms.Key', 'SecretsKmsKey').resource.arn)
    expect(resolved(link.properties.arn)).toBe(keyArn)
    expect(resolved(link.include)).toEqual([
      { actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [keyArn] },
    ])
  })

  it('takes settings from the deploying environment, secrets from sst secret', async () => {
    vi.stubEnv('OS_AUTH_URL', 'https://keystone.example.net/v3')
    vi.stubEnv('BERTH_OIDC_ISSUER', '')
    vi.stubEnv('BERTH_POLICY_FILE', '/etc/berth/policy.yaml')
    const { sst } = await deploy('dev')
    const settings = resolved(sst.one('sst.Linkable', 'Settings').args) as {
      properties: Record<string, string>
    }
    expect(settings.properties).toMatchObject({
      OS_AUTH_URL: 'https://keystone.example.net/v3',
      BERTH_POLICY_FILE: 'policy.yaml',
      BERTH_SERVICE_PASSWORD: 'secret:ServicePassword',
    })
    expect(settings.properties).not.toHaveProperty('BERTH_OIDC_ISSUER')
    // Tasks are told the API's own URL unless the operator names another.
    expect(settings.properties.BERTH_PUBLIC_URL).toBe('https://Api.example')
    vi.stubEnv('BERTH_PUBLIC_URL', 'https://magnum.example.net')
    const custom = await deploy('dev')
    expect(
      (resolved(custom.sst.one('sst.Linkable', 'Settings').args) as typeof settings).properties
        .BERTH_PUBLIC_URL
    ).toBe('https://magnum.example.net')
    expect(sst.one('sst.aws.ApiGatewayV2.route', '$default').args.copyFiles).toEqual([
      { from: '/etc/berth/policy.yaml', to: 'policy.yaml' },
    ])
  })
})

describe('infra/ on a small fixture project', () => {
  const project = (asl: AslDocument, cron: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'berth-infra-'))
    mkdirSync(join(root, 'stepfunctions'))
    mkdirSync(join(root, 'functions', 'cron'), { recursive: true })
    writeFileSync(join(root, 'stepfunctions', 'demo-flow.asl.json'), JSON.stringify(asl))
    for (const [file, text] of Object.entries(cron)) {
      writeFileSync(join(root, 'functions', 'cron', file), text)
    }
    return root
  }
  const task = (resource: string): AslDocument => ({
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: resource, End: true } },
  })

  it('schedules every functions/cron file that exports a handler', async () => {
    const root = project(task('$' + '{DoWorkFunctionArn}'), {
      'reconcile.ts': 'export const handler = async () => {}\n',
      'nightly-report.ts': 'export async function handler() {}\n',
      'shared.ts': 'export const helper = 1\n',
      'reconcile.test.ts': 'export const handler = 1\n',
    })
    const { sst } = await deploy('dev', root)
    const jobs = sst.of('sst.aws.CronV2')
    expect(jobs.map((j) => [j.name, j.args.schedule])).toEqual([
      ['CronNightlyReport', 'rate(5 minutes)'],
      ['CronReconcile', 'rate(2 minutes)'],
    ])
    expect(jobs[1]?.args.function).toMatchObject({ handler: 'functions/cron/reconcile.handler' })
    expect(sst.one('sst.aws.Function', 'TaskDoWork').args.handler).toBe(
      'functions/workflow/do-work.handler'
    )
  })

  it('refuses, before declaring any state machine, a placeholder no resource fills', async () => {
    const root = project(task('$' + '{SomeQueueUrl}'), {})
    const { sst, run } = await load('dev', root)
    // Loaded afresh with infra/, so compared by name rather than class.
    expect(run).toThrow(expect.objectContaining({ name: UnresolvedPlaceholderError.name }))
    expect(run).toThrow('demo-flow: unresolved placeholder(s) $' + '{SomeQueueUrl}')
    expect(sst.of('aws.sfn.StateMachine')).toEqual([])
  })
})
