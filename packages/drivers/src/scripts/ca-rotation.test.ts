import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CA_ROTATION_SH } from './ca-rotation'

/** The watcher on a pretend node: curl answers from a file, systemctl writes down its calls. */
const node = () => {
  const root = mkdtempSync(join(tmpdir(), 'berth-ca-rotation-'))
  const bin = join(root, 'bin')
  const state = join(root, 'state')
  const pki = join(root, 'pki')
  for (const d of [bin, pki]) mkdirSync(d, { recursive: true })
  const metadata = join(root, 'meta_data.json')
  const calls = join(root, 'systemctl.log')
  writeFileSync(
    join(bin, 'curl'),
    `#!/bin/bash\nif [ -e "${metadata}" ]; then cat "${metadata}"; else exit 7; fi\n`,
    { mode: 0o755 }
  )
  writeFileSync(join(bin, 'systemctl'), `#!/bin/bash\necho "$*" >>"${calls}"\n`, { mode: 0o755 })
  const script = join(root, 'berth-ca-rotation.sh')
  writeFileSync(script, CA_ROTATION_SH, { mode: 0o755 })
  return {
    meta: (generation: string | undefined) =>
      writeFileSync(
        metadata,
        JSON.stringify(
          { uuid: 'x', meta: generation === undefined ? {} : { berth_ca_rotation: generation } },
          null,
          1
        )
      ),
    metadataDown: () => execFileSync('rm', ['-f', metadata]),
    cert: (name: string) => writeFileSync(join(pki, name), 'PEM'),
    certs: () => execFileSync('ls', [pki], { encoding: 'utf8' }).split('\n').filter(Boolean),
    bootstrapped: () => writeFileSync(join(state, 'bootstrap.done'), ''),
    isBootstrapped: () => existsSync(join(state, 'bootstrap.done')),
    recorded: () => readFileSync(join(state, 'ca-rotation'), 'utf8').trim(),
    calls: () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []),
    run: () =>
      execFileSync('bash', [script], {
        env: {
          PATH: `${bin}:/usr/bin:/bin`,
          BERTH_STATE_DIR: state,
          BERTH_PKI: pki,
          BERTH_METADATA_URL: 'http://metadata.invalid/',
        },
        encoding: 'utf8',
      }),
  }
}

describe('berth-ca-rotation.sh', () => {
  it('records the generation at boot, re-issues on a new one, and only then', () => {
    const n = node()
    n.meta('gen-1')
    n.cert('ca.crt')
    n.cert('kubelet.key')
    n.run()
    expect(n.recorded()).toBe('gen-1')
    expect(n.calls()).toEqual([])
    n.bootstrapped()
    n.run()
    expect(n.calls()).toEqual([])

    n.meta('gen-2')
    n.run()
    expect(n.recorded()).toBe('gen-2')
    expect(n.calls()).toEqual(['restart berth-bootstrap.service'])
    expect(n.certs()).toEqual(['kubelet.key'])
    expect(n.isBootstrapped()).toBe(false)
    n.run()
    expect(n.calls()).toHaveLength(1)
  })

  it('waits for a running bootstrap, and takes a silent metadata service for no news', () => {
    const n = node()
    n.meta('gen-1')
    n.run()
    n.meta('gen-2')
    n.run()
    expect(n.recorded()).toBe('gen-1')
    expect(n.calls()).toEqual([])
    n.bootstrapped()
    n.metadataDown()
    n.run()
    expect(n.recorded()).toBe('gen-1')
    expect(n.calls()).toEqual([])
    n.meta('gen-2')
    n.run()
    expect(n.calls()).toEqual(['restart berth-bootstrap.service'])
  })

  it('is shellcheck-clean', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'berth-sc-')), 'rot.sh')
    writeFileSync(file, CA_ROTATION_SH)
    expect(execFileSync('shellcheck', [file], { encoding: 'utf8' })).toBe('')
  })
})
