import { describe, expect, it } from 'vitest'
import { driverSuite } from '../testing/driver-suite'
import { contextFixture } from '../testing/fixtures'
import { payloadSuite } from '../testing/payload-suite'
import { K8S_UBUNTU_KUBEADM, k8sUbuntuKubeadmDriver, kubeadmToken } from './driver'

const ubuntu = { cluster_distro: 'ubuntu', image_id: 'ubuntu-24.04' }

driverSuite({
  driver: k8sUbuntuKubeadmDriver,
  profile: K8S_UBUNTU_KUBEADM,
  distro: 'ubuntu',
  coe: 'kubernetes',
  apiUrl: 'https://172.24.4.10:6443',
  newer: 'v1.31.1',
  older: 'v1.29.9',
})

payloadSuite({
  driver: k8sUbuntuKubeadmDriver,
  distro: 'ubuntu',
  coe: 'kubernetes',
  networkDriver: 'flannel',
})
payloadSuite({
  driver: k8sUbuntuKubeadmDriver,
  distro: 'ubuntu',
  coe: 'kubernetes',
  networkDriver: 'calico',
})

describe('Driver: k8s_ubuntu_kubeadm_v1', () => {
  it('derives one bootstrap token per cluster, in kubeadm’s format, for every stack', () => {
    const a = contextFixture({ template: ubuntu })
    const token = kubeadmToken(a)
    expect(token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/)
    expect(kubeadmToken(contextFixture({ template: ubuntu }))).toBe(token)
    const other = contextFixture({
      template: ubuntu,
      cluster: { uuid: '11111111-2222-4333-8444-555555555555' },
    })
    expect(kubeadmToken(other)).not.toBe(token)
    const spec = k8sUbuntuKubeadmDriver.clusterStack(a)
    expect(spec.parameters.kubeadm_token).toBe(token)
    expect(
      (spec.template.parameters as Record<string, { hidden?: boolean }>).kubeadm_token?.hidden
    ).toBe(true)
  })

  it('keeps the token across credential rotations once the cluster has a join secret', () => {
    const joined = { ...contextFixture({ template: ubuntu }), joinSecret: 'a'.repeat(64) }
    const rotated = {
      ...joined,
      credentials: { applicationCredentialId: 'new', applicationCredentialSecret: 'new-secret' },
    }
    // A nodegroup rendered after a rotation must present what the masters were given.
    expect(kubeadmToken(rotated)).toBe(kubeadmToken(joined))
    expect(kubeadmToken({ ...joined, joinSecret: 'b'.repeat(64) })).not.toBe(kubeadmToken(joined))
    // Older clusters (no join secret) keep the credential-derived token they were built with.
    const legacy = contextFixture({ template: ubuntu })
    expect(kubeadmToken({ ...legacy, credentials: rotated.credentials })).not.toBe(
      kubeadmToken(legacy)
    )
  })

  it('generates the certificate key in the stack, for masters only', () => {
    const spec = k8sUbuntuKubeadmDriver.clusterStack(contextFixture({ template: ubuntu }))
    const resources = spec.template.resources as Record<
      string,
      { type: string; properties: unknown }
    >
    expect(resources.kubeadm_certificate_key).toEqual({
      type: 'OS::Heat::RandomString',
      properties: { length: 64, character_sequences: [{ sequence: '0123456789abcdef', min: 1 }] },
    })
    expect(spec.files['master-user-data.yaml']).toContain('@@certificate_key@@')
    expect(spec.files['worker-user-data.yaml']).not.toContain('@@certificate_key@@')
  })

  it('refuses a Fedora CoreOS image', () => {
    expect(() =>
      k8sUbuntuKubeadmDriver.clusterStack(
        contextFixture({ template: { cluster_distro: 'fedora-coreos' } })
      )
    ).toThrow(/distro/)
  })
})
