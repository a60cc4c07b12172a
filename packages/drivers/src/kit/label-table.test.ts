import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { K8S_FEDORA_COREOS } from '../k8s-fedora-coreos/driver'
import { K8S_UBUNTU_KUBEADM } from '../k8s-ubuntu-kubeadm/driver'
import { MESOS_UBUNTU } from '../mesos-ubuntu/driver'
import { BUILTIN_DRIVERS } from '../registry'
import { SWARM_MODE } from '../swarm-mode/driver'
import { labelTable } from './label-table'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('Function: labelTable', () => {
  const profiles = [K8S_FEDORA_COREOS, K8S_UBUNTU_KUBEADM, SWARM_MODE, MESOS_UBUNTU]

  it('covers every built-in driver', () => {
    expect(profiles.map((p) => p.name).sort()).toEqual(BUILTIN_DRIVERS.map((d) => d.name).sort())
  })

  for (const p of profiles) {
    it(`matches the README's table for ${p.name}`, () => {
      expect(README).toContain(`### ${p.name}\n\n${labelTable(p)}\n`)
      expect(labelTable(p)).toContain(`| \`${p.versionLabel}\` |`)
    })
  }
})
