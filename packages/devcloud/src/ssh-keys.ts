import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto'

/** OpenSSH public key algorithms Nova accepts for import. */
const SSH_KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
])

const colonHex = (hex: string): string => hex.match(/../g)?.join(':') ?? ''

const sshString = (b: Buffer): Buffer => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(b.length)
  return Buffer.concat([len, b])
}

// SSH mpints are big-endian two's complement: a set top bit needs a leading zero byte.
const sshMpint = (b: Buffer): Buffer =>
  sshString((b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b)

/**
 * Decodes `type base64 [comment]` and checks that the blob names the same algorithm, as
 * Nova's import does. Returns the blob, or undefined when the key is not a valid OpenSSH key.
 */
export const parseSshPublicKey = (key: string): { type: string; blob: Buffer } | undefined => {
  const [type, b64] = key.trim().split(/\s+/)
  if (type === undefined || b64 === undefined || !SSH_KEY_TYPES.has(type)) return undefined
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined
  const blob = Buffer.from(b64, 'base64')
  if (blob.length < 4) return undefined
  const nameLength = blob.readUInt32BE(0)
  if (blob.length < 4 + nameLength || blob.subarray(4, 4 + nameLength).toString() !== type) {
    return undefined
  }
  return { type, blob }
}

/** Nova's fingerprint for ssh keys: MD5 of the key blob, colon-separated hex. */
export const sshFingerprint = (key: string): string | undefined => {
  const parsed = parseSshPublicKey(key)
  return parsed && colonHex(createHash('md5').update(parsed.blob).digest('hex'))
}

/** Nova's fingerprint for x509 keypairs: SHA-1 of the DER certificate, colon-separated hex. */
export const x509Fingerprint = (pem: string): string | undefined => {
  try {
    return colonHex(createHash('sha1').update(new X509Certificate(pem).raw).digest('hex'))
  } catch {
    return undefined
  }
}

/** What Nova returns when it generates a keypair: an RSA key in OpenSSH and PEM form. */
export const generateSshKeypair = (
  comment: string
): { publicKey: string; privateKey: string; fingerprint: string } => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = publicKey.export({ format: 'jwk' })
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    sshMpint(Buffer.from(jwk.e ?? '', 'base64url')),
    sshMpint(Buffer.from(jwk.n ?? '', 'base64url')),
  ])
  const openssh = `ssh-rsa ${blob.toString('base64')} ${comment}`
  return {
    publicKey: openssh,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    fingerprint: colonHex(createHash('md5').update(blob).digest('hex')),
  }
}
