import { describe, expect, it } from 'vitest'
import { testCloud } from '../../testing'
import { heatClient, hot, type Json } from '../testing'

const fast = (timing = {}) =>
  testCloud({ timing: { heatResourceMs: 0, serverBuildMs: 0, loadBalancerMs: 0, ...timing } })

const servers = (count: number) =>
  hot(
    {
      net: { type: 'OS::Neutron::Net' },
      subnet: {
        type: 'OS::Neutron::Subnet',
        properties: { network: { get_resource: 'net' }, cidr: '10.1.0.0/24' },
      },
      group: {
        type: 'OS::Heat::ResourceGroup',
        properties: {
          count,
          resource_def: {
            type: 'OS::Nova::Server',
            properties: {
              image: 'fedora-coreos',
              flavor: 'm1.large',
              networks: [{ network: { get_resource: 'net' } }],
            },
          },
        },
      },
    },
    { outputs: { ips: { value: { get_attr: ['group', 'first_address'] } } } }
  )

describe('stack failures, with Heat’s reasons', () => {
  it('reports a failed resource with its type, path and message; its outputs are null', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create({
      stack_name: 'bad',
      template: hot(
        {
          ok: { type: 'OS::Heat::RandomString' },
          bad: { type: 'OS::Heat::TestResource', properties: { value: 'x', fail: true } },
        },
        { outputs: { never: { value: { get_attr: ['bad', 'output'] } } } }
      ),
    })
    const stack = await heat.stack('bad')
    expect(stack.stack_status).toBe('CREATE_FAILED')
    expect(stack.stack_status_reason).toBe(
      'Resource CREATE failed: ValueError: resources.bad: Test Resource failed bad'
    )
    expect(stack.outputs).toEqual([
      { output_key: 'never', description: 'No description given', output_value: null },
    ])
    const bad = (await heat.resources('bad')).find((r) => r.resource_name === 'bad')
    expect(bad).toMatchObject({
      resource_status: 'CREATE_FAILED',
      resource_status_reason: 'ValueError: resources.bad: Test Resource failed bad',
      physical_resource_id: '',
    })
  })

  it('fails servers Nova finds no host for, naming the group member', async () => {
    const t = fast()
    t.cloud.faults.noValidHost({ flavors: ['m1.large'] })
    const heat = await heatClient(t)
    await heat.create({ stack_name: 'nohost', template: servers(2) })
    const stack = await heat.stack('nohost')
    expect(stack.stack_status).toBe('CREATE_FAILED')
    expect(stack.stack_status_reason).toMatch(
      /^Resource CREATE failed: ResourceInError: resources\.group\.resources\[[01]\]: Went to status ERROR due to "Message: No valid host was found\. , Code: 500"$/
    )
    // Nova gave the failed servers' ports back.
    const errored = t.cloud.state.data.servers.filter((s) => s.outcome === 'ERROR')
    expect(errored.length).toBeGreaterThan(0)
    expect(errored.every((s) => s.portIds.length === 0)).toBe(true)
    // Deleting the failed stack cleans up.
    await heat.call('DELETE', `/stacks/nohost/${String(stack.id)}`)
    expect(
      ((await heat.call('GET', `/stacks/nohost/${String(stack.id)}`)).body.stack as Json)
        .stack_status
    ).toBe('DELETE_COMPLETE')
    expect(t.cloud.state.data.servers).toEqual([])
    expect(t.cloud.state.data.ports).toEqual([])
  })

  it('times out a stack that outlives timeout_mins', async () => {
    const t = fast({ heatMinuteMs: 50 })
    const heat = await heatClient(t)
    await heat.create({
      stack_name: 'slow',
      timeout_mins: 1,
      template: hot({ slow: { type: 'OS::Heat::TestResource', properties: { wait_secs: 120 } } }),
    })
    expect(await heat.status('slow')).toBe('CREATE_IN_PROGRESS')
    t.advanceSeconds(1)
    const stack = await heat.stack('slow')
    expect([stack.stack_status, stack.stack_status_reason]).toEqual(['CREATE_FAILED', 'Timed out'])
    const [slow] = await heat.resources('slow')
    expect(slow?.resource_status_reason).toBe(
      `CREATE aborted (Task create from TestResource "slow" Stack "slow" [${String(stack.id)}] Timed out)`
    )
  })

  it('rolls back a failed create when rollback is enabled', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create({
      stack_name: 'rb',
      disable_rollback: false,
      template: hot({
        net: { type: 'OS::Neutron::Net' },
        bad: { type: 'OS::Heat::TestResource', depends_on: ['net'], properties: { fail: true } },
      }),
    })
    const stack = await heat.stack('rb')
    expect([stack.stack_status, stack.stack_status_reason]).toEqual([
      'ROLLBACK_COMPLETE',
      'Stack ROLLBACK completed successfully',
    ])
    expect(await heat.resources('rb')).toEqual([])
    expect(t.cloud.state.data.networks.filter((n) => !n.external)).toEqual([])
    const events = (await heat.events('rb')).map((e) => `${e.resource_name} ${e.resource_status}`)
    expect(events.slice(events.indexOf('rb ROLLBACK_IN_PROGRESS'))).toEqual([
      'rb ROLLBACK_IN_PROGRESS',
      'bad DELETE_IN_PROGRESS',
      'bad DELETE_COMPLETE',
      'net DELETE_IN_PROGRESS',
      'net DELETE_COMPLETE',
      'rb ROLLBACK_COMPLETE',
    ])
  })

  it('fails a named resource on request (fault) and holds matching stacks in progress', async () => {
    const t = fast()
    const heat = await heatClient(t)
    t.cloud.faults.failResource({
      resource: 'group',
      reason: 'injected',
      errorType: 'ResourceInError',
    })
    await heat.create({ stack_name: 'f', template: servers(1) })
    expect((await heat.stack('f')).stack_status_reason).toBe(
      'Resource CREATE failed: ResourceInError: resources.group: injected'
    )
    t.cloud.faults.clear()
    t.cloud.faults.stuckStacks({ stackName: '^stuck-', actions: ['CREATE'] })
    await heat.create({ stack_name: 'stuck-1', timeout_mins: 1, template: servers(1) })
    // Past its timeout, a held stack is still in progress (forever, not timed out).
    t.advanceSeconds(120)
    const stuck = await heat.stack('stuck-1')
    expect([stuck.stack_status, stuck.stack_status_reason]).toEqual([
      'CREATE_IN_PROGRESS',
      'Stack CREATE started',
    ])
    // A stuck create can still be deleted.
    await heat.call('DELETE', `/stacks/stuck-1/${String(stuck.id)}`)
    expect(
      ((await heat.call('GET', `/stacks/stuck-1/${String(stuck.id)}`)).body.stack as Json)
        .stack_status
    ).toBe('DELETE_COMPLETE')
    // Cleared, the held stack carries on.
    await heat.create({ stack_name: 'stuck-2', template: servers(1) })
    expect(await heat.status('stuck-2')).toBe('CREATE_IN_PROGRESS')
    t.cloud.faults.clear()
    expect(await heat.status('stuck-2')).toBe('CREATE_COMPLETE')
  })

  it('holds one named resource under way for ever, the rest of the stack done around it', async () => {
    const t = fast()
    const heat = await heatClient(t)
    const template = hot({
      a: { type: 'OS::Heat::TestResource' },
      b: { type: 'OS::Heat::TestResource', depends_on: ['a'] },
      c: { type: 'OS::Heat::TestResource' },
    })
    await heat.create({ stack_name: 'held', template })
    expect(await heat.status('held')).toBe('CREATE_COMPLETE')
    t.cloud.faults.stuckStacks({ stackName: '^held$', actions: ['DELETE'], resource: 'a' })
    const { id } = await heat.stack('held')
    await heat.call('DELETE', `/stacks/held/${String(id)}`)
    // Ten minutes on (a token lasts an hour), everything else has long been deleted.
    t.advanceSeconds(600)
    const resources = await heat.resources('held')
    const underWay = resources
      .filter((r) => String(r.resource_status).endsWith('_IN_PROGRESS'))
      .map((r) => `${r.resource_name} ${r.resource_status}`)
    // b (which needs a) and c went first; a's delete never returns.
    expect(underWay).toEqual(['a DELETE_IN_PROGRESS'])
    expect(await heat.status('held')).toBe('DELETE_IN_PROGRESS')
    t.cloud.faults.clear()
    // Released, the delete finishes: the stack is DELETE_COMPLETE, or already purged.
    const after = await heat.call('GET', `/stacks/held/${String(id)}`)
    expect(after.status === 404 ? 'purged' : (after.body.stack as Json).stack_status).toMatch(
      /^(purged|DELETE_COMPLETE)$/
    )
  })

  it('carries a service’s refusal into the reason, as the client library words it', async () => {
    const t = fast()
    const heat = await heatClient(t)
    await heat.create({
      stack_name: 'dns',
      template: hot({
        net: { type: 'OS::Neutron::Net' },
        sub: {
          type: 'OS::Neutron::Subnet',
          properties: {
            network: { get_resource: 'net' },
            cidr: '10.0.0.0/24',
            dns_nameservers: [['8.8.8.8']],
          },
        },
      }),
    })
    expect((await heat.stack('dns')).stack_status_reason).toMatch(
      /^Resource CREATE failed: BadRequest: resources\.sub: Invalid input for dns_nameservers\. Reason: '\["8\.8\.8\.8"\]' is not a valid nameserver\.\nNeutron server returns request_ids: \['req-[0-9a-f-]{36}'\]$/
    )
  })

  it('rejects an invalid template at create as Heat’s StackValidationFailed', async () => {
    const t = fast()
    const heat = await heatClient(t)
    const unknown = await heat.create({
      stack_name: 'x',
      template: hot({ r: { type: 'OS::Foo::Bar' } }),
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error).toEqual({
      type: 'StackValidationFailed',
      traceback: null,
      message: 'The Resource Type (OS::Foo::Bar) could not be found.',
    })
    const member = await heat.create({
      stack_name: 'x',
      template: hot({
        g: {
          type: 'OS::Heat::ResourceGroup',
          properties: { resource_def: { type: 'OS::Foo::Bar' } },
        },
      }),
    })
    expect(member.body.error).toMatchObject({
      message: 'The Resource Type (OS::Foo::Bar) could not be found.',
    })
    const cycle = await heat.create({
      stack_name: 'x',
      template: hot({
        a: { type: 'OS::Heat::Value', properties: { value: { get_resource: 'b' } } },
        b: { type: 'OS::Heat::Value', properties: { value: { get_resource: 'a' } } },
      }),
    })
    expect([cycle.status, cycle.body.error]).toEqual([
      500,
      { type: 'RemoteError', traceback: null },
    ])
    expect((await heat.call('GET', '/stacks')).body.stacks).toEqual([])
  })
})
