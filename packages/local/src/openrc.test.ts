import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  openrcLines,
  SEEDED_USERS,
  seededOpenrc,
  shellQuote,
  TRY_COMMAND,
  usageText,
} from './openrc'

const AUTH = 'http://127.0.0.1:5000/v3'

describe('openrc', () => {
  it('exports what the OpenStack client needs for a seeded user', () => {
    expect(seededOpenrc(AUTH, 'demo')).toEqual([
      'export OS_AUTH_URL=http://127.0.0.1:5000/v3',
      'export OS_USERNAME=demo',
      'export OS_PASSWORD=demo',
      'export OS_PROJECT_NAME=demo',
      'export OS_USER_DOMAIN_NAME=Default',
      'export OS_PROJECT_DOMAIN_NAME=Default',
      'export OS_IDENTITY_API_VERSION=3',
    ])
  })

  it('adds the region only when there is one', () => {
    const lines = openrcLines({
      authUrl: AUTH,
      username: 'u',
      password: 'p',
      projectName: 'x',
      regionName: 'R1',
    })
    expect(lines.at(-1)).toBe('export OS_REGION_NAME=R1')
  })

  it('quotes values so that a shell reads them back unchanged', () => {
    expect(shellQuote('plain-value_1')).toBe('plain-value_1')
    expect(shellQuote("it's $HOME")).toBe(`'it'"'"'s $HOME'`)
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }).filter((s) => !s.includes('\0')),
        (value) => {
          const echoed = execFileSync('/bin/sh', [
            '-c',
            `printf %s ${shellQuote(value)}`,
          ]).toString()
          expect(echoed).toBe(value)
        }
      ),
      { numRuns: 40 }
    )
  })
})

describe('usageText', () => {
  it('gives an openrc block per seeded user and the command to try', () => {
    const text = usageText({ apiUrl: 'http://127.0.0.1:9511', authUrl: AUTH })
    expect(text).toContain("Berth's Magnum API is at http://127.0.0.1:9511")
    for (const user of SEEDED_USERS) {
      expect(text).toContain(`# ${user}\n${seededOpenrc(AUTH, user).join('\n')}`)
    }
    expect(text).toContain(`  ${TRY_COMMAND}`)
    expect(TRY_COMMAND).toBe('/usr/bin/openstack coe cluster template list')
  })

  it('for a real cloud names where it came from and prints no seeded passwords', () => {
    const text = usageText({
      apiUrl: 'http://127.0.0.1:9511',
      authUrl: 'https://kc.example/v3',
      externalSource: 'OS_AUTH_URL',
    })
    expect(text).toContain('https://kc.example/v3 (OS_AUTH_URL)')
    expect(text).toContain('--os-endpoint-override http://127.0.0.1:9511/v1 cluster-template-list')
    expect(text).not.toContain('OS_PASSWORD')
  })
})
