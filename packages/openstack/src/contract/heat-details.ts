import { expect, it } from 'vitest'
import type { MemberApi } from './member-api'

/** What the Heat detail tests share with the suite that runs them. */
export interface HeatDetailContext {
  /** The suite's settled CREATE_COMPLETE stack (greeting 'hello', two group members). */
  happy(): Promise<{ id: string; name: string }>
  member(): Promise<MemberApi>
  /** Another project's member, who must see none of it. */
  other(): Promise<MemberApi>
}

type Link = { rel: string; href: string }
type Resource = {
  resource_name: string
  resource_type: string
  resource_status: string
  physical_resource_id: string
  parent_resource?: string
  links: Link[]
}
type HeatEvent = {
  id: string
  resource_name: string
  logical_resource_id: string
  resource_status: string
  resource_status_reason: string
  event_time: string
  links: Link[]
}

const HEAT_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/

/**
 * Heat's read side, as the failure reporting and the OpenStack CLI use it: resources (nested
 * with their parents), events (the stack's own and its resources', newest first), outputs one
 * by one, the stack list, and another project's member kept out. Call right after the suite's
 * create test, while its stack is still as created.
 */
export const heatDetailTests = (ctx: HeatDetailContext): void => {
  const stackPath = async () => {
    const { id, name } = await ctx.happy()
    return `stacks/${name}/${id}`
  }

  it('lists resources, nested ones with their parents and links', async () => {
    const api = await ctx.member()
    const path = await stackPath()
    const { resources } = await api.call<{ resources: Resource[] }>(
      'orchestration',
      'GET',
      `${path}/resources`,
      undefined,
      { nested_depth: '2' }
    )
    const summary = resources
      .map((r) => `${r.parent_resource ?? '-'}/${r.resource_name}:${r.resource_type}`)
      .sort()
    expect(summary).toEqual([
      '-/group:OS::Heat::ResourceGroup',
      '-/word:OS::Heat::TestResource',
      '0/node:OS::Heat::TestResource',
      '1/node:OS::Heat::TestResource',
      'group/0:node.yaml',
      'group/1:node.yaml',
    ])
    for (const r of resources) {
      expect(r.resource_status, r.resource_name).toBe('CREATE_COMPLETE')
      expect(r.physical_resource_id, r.resource_name).not.toBe('')
      expect(r.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'stack']))
    }
    const word = await api.call<{ resource: Resource & { attributes: Record<string, unknown> } }>(
      'orchestration',
      'GET',
      `${path}/resources/word`
    )
    expect(word.resource).toMatchObject({ resource_name: 'word', attributes: { output: 'hello' } })
    expect((await api.attempt('orchestration', 'GET', `${path}/resources/nope`)).status).toBe(404)
  }, 60_000)

  it('keeps events of the stack and its resources, newest first, each one showable', async () => {
    const api = await ctx.member()
    const { name } = await ctx.happy()
    const path = await stackPath()
    const { events } = await api.call<{ events: HeatEvent[] }>(
      'orchestration',
      'GET',
      `${path}/events`
    )
    const seen = events.map(
      (e) => `${e.resource_name}:${e.resource_status}:${e.resource_status_reason}`
    )
    expect(seen[0]).toBe(`${name}:CREATE_COMPLETE:Stack CREATE completed successfully`)
    expect(seen.at(-1)).toBe(`${name}:CREATE_IN_PROGRESS:Stack CREATE started`)
    expect(seen).toEqual(
      expect.arrayContaining([
        'word:CREATE_IN_PROGRESS:state changed',
        'word:CREATE_COMPLETE:state changed',
        'group:CREATE_COMPLETE:state changed',
      ])
    )
    for (const e of events) {
      expect(e.event_time).toMatch(HEAT_TIME)
      expect(e.logical_resource_id).toBe(e.resource_name)
      expect(e.links.map((l) => l.rel)).toEqual(
        expect.arrayContaining(['self', 'resource', 'stack'])
      )
    }
    const ofWord = await api.call<{ events: HeatEvent[] }>(
      'orchestration',
      'GET',
      `${path}/resources/word/events`,
      undefined,
      { sort_dir: 'asc' }
    )
    expect(ofWord.events.map((e) => e.resource_status)).toEqual([
      'CREATE_IN_PROGRESS',
      'CREATE_COMPLETE',
    ])
    const show = (e: HeatEvent) =>
      api.call<{ event: { resource_type: string; resource_properties: unknown } }>(
        'orchestration',
        'GET',
        `${path}/resources/${e.resource_name}/events/${e.id}`
      )
    expect((await show(ofWord.events[0]!)).event).toMatchObject({
      resource_type: 'OS::Heat::TestResource',
      resource_properties: expect.any(Object),
    })
    expect((await show(events[0]!)).event.resource_type).toBe('OS::Heat::Stack')
  }, 60_000)

  it('shows outputs one by one; an unknown one is 404', async () => {
    const api = await ctx.member()
    const path = await stackPath()
    const { outputs } = await api.call<{ outputs: { output_key: string; description: string }[] }>(
      'orchestration',
      'GET',
      `${path}/outputs`
    )
    expect(outputs.map((o) => o.output_key).sort()).toEqual(['greeting', 'nodes'])
    const one = await api.call<{ output: Record<string, unknown> }>(
      'orchestration',
      'GET',
      `${path}/outputs/nodes`
    )
    expect(one.output).toMatchObject({ output_key: 'nodes', output_value: ['0', '1'] })
    expect((await api.attempt('orchestration', 'GET', `${path}/outputs/nope`)).status).toBe(404)
  }, 60_000)

  it("lists the stack without outputs, and keeps it from another project's member", async () => {
    const api = await ctx.member()
    const { id, name } = await ctx.happy()
    const { stacks } = await api.call<{ stacks: Record<string, unknown>[] }>(
      'orchestration',
      'GET',
      'stacks',
      undefined,
      { name }
    )
    expect(stacks).toEqual([
      expect.objectContaining({ id, stack_name: name, stack_status: 'CREATE_COMPLETE' }),
    ])
    expect(stacks[0]).not.toHaveProperty('outputs')
    const other = await ctx.other()
    const theirs = await other.call<{ stacks: unknown[] }>(
      'orchestration',
      'GET',
      'stacks',
      undefined,
      {
        name,
      }
    )
    expect(theirs.stacks).toEqual([])
    const foreign = await other.attemptAt(api.base('orchestration'), `stacks/${name}/${id}`)
    expect(foreign.status).toBe(403)
  }, 60_000)
}
