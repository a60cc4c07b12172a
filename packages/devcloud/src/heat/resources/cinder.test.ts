import { describe, expect, it } from 'vitest'
import { testCloud } from '../../testing'
import { heatClient, hot, type Json } from '../testing'

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

const template = (size: unknown = 5) =>
  hot(
    {
      net: { type: 'OS::Neutron::Net' },
      subnet: {
        type: 'OS::Neutron::Subnet',
        properties: { network: { get_resource: 'net' }, cidr: '10.0.0.0/24' },
      },
      server: {
        type: 'OS::Nova::Server',
        properties: {
          image: 'fedora-coreos',
          flavor: 'm1.small',
          networks: [{ network: { get_resource: 'net' } }],
        },
      },
      docker_volume: {
        type: 'OS::Cinder::Volume',
        properties: { size, metadata: { purpose: 'docker' } },
      },
      docker_attachment: {
        type: 'OS::Cinder::VolumeAttachment',
        properties: {
          instance_uuid: { get_resource: 'server' },
          volume_id: { get_resource: 'docker_volume' },
        },
      },
    },
    {
      outputs: {
        size: { value: { get_attr: ['docker_volume', 'size'] } },
        status: { value: { get_attr: ['docker_volume', 'status'] } },
        name: { value: { get_attr: ['docker_volume', 'display_name'] } },
        metadata: { value: { get_attr: ['docker_volume', 'metadata_values'] } },
      },
    }
  )

const until = async (check: () => Promise<boolean>, ms = 3000) => {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await wait(10)
  }
}

describe('OS::Cinder::Volume and OS::Cinder::VolumeAttachment', () => {
  it('create a volume, wait for it, attach it to the server, and delete leaving nothing', async () => {
    const t = testCloud({
      timing: { heatResourceMs: 0, serverBuildMs: 20, volumeBuildMs: 40 },
    })
    const heat = await heatClient(t)
    expect((await heat.create({ stack_name: 'vols', template: template() })).status).toBe(201)
    await until(async () => (await heat.status('vols')) !== 'CREATE_IN_PROGRESS')
    expect(await heat.status('vols')).toBe('CREATE_COMPLETE')
    const [volume] = t.cloud.state.data.volumes
    const [server] = t.cloud.state.data.servers
    expect(volume).toMatchObject({ size: 5, status: 'in-use', metadata: { purpose: 'docker' } })
    expect(volume?.name).toMatch(/^vols-docker_volume-/)
    expect(await heat.outputs('vols')).toEqual({
      size: 5,
      status: 'in-use',
      name: volume?.name,
      metadata: { purpose: 'docker' },
    })
    const token = await t.tokenFor('demo')
    const shown = await t.request(`/volume/v3/${heat.project}/volumes/${volume?.id}`, { token })
    expect(((await shown.json()) as { volume: Json }).volume).toMatchObject({
      status: 'in-use',
      attachments: [{ server_id: server?.id, volume_id: volume?.id, device: '/dev/vdb' }],
    })
    const nova = await t.request(`/compute/v2.1/servers/${server?.id}`, { token })
    expect(
      ((await nova.json()) as { server: Json }).server['os-extended-volumes:volumes_attached']
    ).toEqual([{ id: volume?.id }])
    const resources = await heat.resources('vols')
    const attachment = resources.find((r) => r.resource_name === 'docker_attachment')
    expect(attachment?.physical_resource_id).toBe(volume?.attachments[0]?.id)

    expect((await heat.call('DELETE', '/stacks/vols')).status).toBe(204)
    await until(async () => t.cloud.state.data.stacks.every((s) => s.status !== 'IN_PROGRESS'))
    expect(t.cloud.state.data.stacks.map((s) => `${s.action}_${s.status}`)).toEqual([
      'DELETE_COMPLETE',
    ])
    const list = await t.request(`/volume/v3/${heat.project}/volumes`, { token })
    expect(((await list.json()) as { volumes: Json[] }).volumes).toEqual([])
    expect(t.cloud.state.data.volumes).toEqual([])
    expect(t.cloud.state.data.servers).toEqual([])
  })

  it('fails the volume with Cinder’s refusal when the size is not positive', async () => {
    const t = testCloud({ timing: { heatResourceMs: 0, serverBuildMs: 0, volumeBuildMs: 0 } })
    const heat = await heatClient(t)
    await heat.create({ stack_name: 'bad', template: template(0) })
    await until(async () => (await heat.status('bad')) !== 'CREATE_IN_PROGRESS')
    const stack = await heat.stack('bad')
    expect(stack.stack_status).toBe('CREATE_FAILED')
    expect(String(stack.stack_status_reason)).toMatch(
      /^Resource CREATE failed: BadRequest: resources\.docker_volume: Invalid input received: Volume size '0'/
    )
  })
})
