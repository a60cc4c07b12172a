import { describe, expect, it } from 'vitest'
import { renderCloudInit } from '../boot/cloud-init'
import { renderIgnition } from '../boot/ignition'
import type { BootPayload } from '../boot/payload'
import {
  cloudInitFiles,
  cloudInitSchema,
  environmentGiven,
  environmentNeeded,
  ignitionFiles,
  settingsDropIn,
  shellcheck,
} from './payload-checks'

const payload: BootPayload = {
  files: [{ path: '/usr/local/bin/x.sh', mode: 0o755, content: '#!/bin/bash\necho "$GREETING"\n' }],
  units: [{ name: 'berth-bootstrap.service', enabled: true, content: '[Service]\nExecStart=/x\n' }],
  bootstrapUnit: 'berth-bootstrap.service',
  settings: [
    { env: 'GREETING', secret: false },
    { env: 'TOKEN', secret: true },
  ],
  packages: ['jq'],
}

describe('Payload checks', () => {
  it('finds the environment a script needs: read, not assigned, without default', () => {
    const script = [
      '#!/bin/bash',
      'BAZ=1',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell, not a template
      'echo "$FOO ${BAR:-x} $BAZ ${QUUX}"',
      "cat <<'EOF'",
      '$SYSTEMD_VAR',
      'EOF',
    ].join('\n')
    expect([...environmentNeeded([{ path: '/a.sh', content: `${script}\n` }])].sort()).toEqual([
      'FOO',
      'QUUX',
    ])
  })

  it('reads the same files and settings back from both formats', () => {
    for (const [text, format] of [
      [renderIgnition(payload), 'ignition'],
      [renderCloudInit(payload), 'cloud-init'],
    ] as const) {
      const files = format === 'ignition' ? ignitionFiles(text) : cloudInitFiles(text)
      expect(files.find((f) => f.path === '/usr/local/bin/x.sh')?.content).toBe(
        payload.files[0]!.content
      )
      expect([...environmentGiven(files, settingsDropIn(text, format))].sort()).toEqual([
        'GREETING',
        'TOKEN',
      ])
    }
  })

  it('rejects Ignition keys outside the specification', () => {
    const config = JSON.parse(renderIgnition(payload)) as Record<string, unknown>
    expect(() => ignitionFiles(JSON.stringify({ ...config, passwdd: {} }))).toThrow()
    expect(() =>
      ignitionFiles(JSON.stringify({ ...config, ignition: { version: '2.2.0' } }))
    ).toThrow()
  })

  it('lets Debian’s cloud-init judge a config', () => {
    expect(cloudInitSchema(renderCloudInit(payload))).toBe('')
    expect(
      cloudInitSchema('#cloud-config\nwrite_files:\n  - path: 3\n    permissions: 755\n')
    ).toMatch(/not of type 'string'/)
  })

  it('reports what shellcheck finds', () => {
    expect(shellcheck([{ path: '/ok.sh', content: '#!/bin/bash\necho "$1"\n' }])).toBe('')
    expect(shellcheck([{ path: '/bad.sh', content: '#!/bin/bash\nrm -rf $1/*\n' }])).toMatch(
      /SC2086/
    )
  })
})
