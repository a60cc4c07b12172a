import { describe, expect, it } from 'vitest'
import { generateSshKeypair, parseSshPublicKey, sshFingerprint } from './ssh-keys'

describe('ssh keys', () => {
  it('computes Nova’s MD5 fingerprint (value taken from real Nova for this key)', () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDJbwV0vQdprREP8B9Zrb2QU1+wdCQN2dvKhyJYraJme x'
    expect(sshFingerprint(key)).toBe('e5:ec:a6:a2:cb:28:1d:57:68:d4:44:86:3d:6e:6b:43')
  })

  it('refuses keys whose blob does not match the named algorithm', () => {
    const ed25519Blob = 'AAAAC3NzaC1lZDI1NTE5AAAAIDJbwV0vQdprREP8B9Zrb2QU1+wdCQN2dvKhyJYraJme'
    expect(parseSshPublicKey(`ssh-rsa ${ed25519Blob}`)).toBeUndefined()
    expect(parseSshPublicKey('ssh-rsa AAAAjunk')).toBeUndefined()
    expect(parseSshPublicKey('not-a-key')).toBeUndefined()
  })

  it('generates a valid OpenSSH RSA key whose fingerprint matches its public half', () => {
    const generated = generateSshKeypair('Generated-by-Nova')
    expect(parseSshPublicKey(generated.publicKey)?.type).toBe('ssh-rsa')
    expect(sshFingerprint(generated.publicKey)).toBe(generated.fingerprint)
    expect(generated.privateKey).toContain('BEGIN RSA PRIVATE KEY')
  })
})
