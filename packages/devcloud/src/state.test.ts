import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { seedIds } from './seed'
import { createDevCloud } from './server'
import { StateFileError } from './state'
import { testCloud } from './testing'

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'devcloud-')), 'state.json')

describe('state persistence', () => {
  it('seeds a new state file and keeps resources and tokens across restarts', async () => {
    const stateFile = tempFile()
    const first = testCloud({ stateFile })
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).users).toHaveLength(4)
    const demo = await first.tokenFor('demo')
    const created = await first.request('/image/v2/images', {
      method: 'POST',
      token: demo,
      json: { name: 'kept' },
    })
    expect(created.status).toBe(201)

    const second = testCloud({ stateFile })
    const list = await second.request('/image/v2/images?name=kept', { token: demo })
    expect(list.status).toBe(200)
    expect(((await list.json()) as { images: unknown[] }).images).toHaveLength(1)
  })

  it('keeps stacks, servers and networks across restarts; a stack in progress carries on', async () => {
    const stateFile = tempFile()
    const first = testCloud({ stateFile, timing: { heatResourceMs: 60_000 } })
    const demo = await first.tokenFor('demo')
    const base = `/heat-api/v1/${seedIds.project('demo')}`
    const created = await first.request(`${base}/stacks`, {
      method: 'POST',
      token: demo,
      json: {
        stack_name: 'kept',
        template: {
          heat_template_version: '2018-08-31',
          resources: { net: { type: 'OS::Neutron::Net' } },
        },
      },
    })
    expect(created.status).toBe(201)
    first.cloud.settlement.close()
    const second = testCloud({ stateFile, timing: { heatResourceMs: 0 } })
    try {
      second.advanceSeconds(120)
      const shown = await second.request(`${base}/stacks/kept`, { token: demo })
      const location = new URL(shown.headers.get('Location') ?? '').pathname
      const stack = (await (await second.request(location, { token: demo })).json()) as {
        stack: { stack_status: string }
      }
      expect(stack.stack.stack_status).toBe('CREATE_COMPLETE')
      expect(second.cloud.state.data.networks).toHaveLength(2)
    } finally {
      second.cloud.settlement.close()
    }
  })

  it('refuses a state file it cannot read rather than overwriting it', () => {
    const stateFile = tempFile()
    writeFileSync(stateFile, '{"version": 7}')
    expect(() => createDevCloud({ stateFile })).toThrow(StateFileError)
    writeFileSync(stateFile, 'not json')
    expect(() => createDevCloud({ stateFile })).toThrow(/cannot use state file/)
    expect(readFileSync(stateFile, 'utf8')).toBe('not json')
  })

  it('drops long-expired tokens when it saves', async () => {
    const t = testCloud({ tokenTtlSeconds: 60 })
    await t.tokenFor('demo')
    expect(Object.keys(t.cloud.state.data.tokens)).toHaveLength(1)
    t.advanceSeconds(49 * 3600)
    await t.tokenFor('alt')
    expect(Object.values(t.cloud.state.data.tokens).map((tk) => tk.userId)).toEqual([
      seedIds.user('alt'),
    ])
  })
})
