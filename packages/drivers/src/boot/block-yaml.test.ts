import { spawnSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { quoted, toBlockYaml, type YamlValue } from './block-yaml'

type Mapping = { [key: string]: YamlValue }

/** Text with what trips YAML up: line breaks of every kind, indentation, quotes, `#`, `: `, tabs. */
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('', ' ', '  x', '#', '- ', ': ', '"', "'", '\\', '\t', '|', '@@kube_tag@@'),
        fc.string({ unit: 'grapheme-ascii' }),
        fc.constantFrom('\r', '\u0085', '\u2028', '\u00e9', '\u{1f600}', '\ufeff')
      ),
      { maxLength: 8 }
    )
    .map((lines) => `${lines.join('\n')}${lines.length % 2 ? '\n' : ''}`),
  fc.constantFrom('yes', 'no', 'on', 'null', '~', '0644', '1e3', '', '<<', 'true')
)

const value: fc.Arbitrary<YamlValue> = fc.letrec<{ v: YamlValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.boolean(),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(text, tie('v'), { maxKeys: 4 })
  ),
})).v

const mapping = fc.dictionary(text, value, { minKeys: 1, maxKeys: 5 })

/** What PyYAML, the parser cloud-init uses, reads from each document, as JSON. */
const pyyaml = (docs: string[]): unknown[] => {
  const script =
    'import json,sys,yaml\n' +
    'for doc in json.load(sys.stdin): print(json.dumps(yaml.safe_load(doc)))\n'
  const run = spawnSync('python3', ['-c', script], {
    input: JSON.stringify(docs),
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`PyYAML (python3-yaml, with cloud-init): ${run.stderr}`)
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown)
}

describe('Function: toBlockYaml', () => {
  const config: Mapping = {
    package_update: true,
    packages: ['containerd'],
    write_files: [
      { path: '/etc/a.service', permissions: '0644', content: '[Unit]\nA=1\n\n[Service]\n' },
      { path: '/etc/berth/secrets.env', permissions: '0600', content: '\n' },
    ],
    runcmd: [['systemctl', 'daemon-reload']],
    empty: [],
  }

  it('writes block YAML, multi-line text as literal blocks', () => {
    expect(toBlockYaml(config)).toBe(
      [
        'package_update: true',
        'packages:',
        '  - "containerd"',
        'write_files:',
        '  - path: "/etc/a.service"',
        '    permissions: "0644"',
        '    content: |',
        '      [Unit]',
        '      A=1',
        '',
        '      [Service]',
        '  - path: "/etc/berth/secrets.env"',
        '    permissions: "0600"',
        '    content: "\\n"',
        'runcmd:',
        '  - - "systemctl"',
        '    - "daemon-reload"',
        'empty: []',
        '',
      ].join('\n')
    )
    expect(parse(toBlockYaml(config))).toEqual(config)
  })

  it('is read back as written by YAML 1.2 and 1.1 readers', () => {
    fc.assert(
      fc.property(mapping, (m) => {
        const doc = toBlockYaml(m)
        expect(parse(doc)).toEqual(m)
        expect(parse(doc, { version: '1.1' })).toEqual(m)
      }),
      { numRuns: 500 }
    )
  })

  it('is read back as written by PyYAML, as cloud-init reads it', () => {
    const samples = fc.sample(mapping, { numRuns: 300, seed: 5 })
    expect(pyyaml(samples.map(toBlockYaml))).toEqual(samples)
  })

  it('escapes every character outside printable ASCII', () => {
    expect(quoted('a\u2028b\u{1f600}\t')).toBe('"a\\u2028b\\U0001f600\\t"')
  })
})
