import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CryptoKeyPair, crypto } from './keys'
import { type Extension, type JsonName, Pkcs10CertificateRequestGenerator } from './x509'

/** A scratch directory of files for openssl. */
export const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-pki-'))
  return (name: string, content: string): string => {
    const path = join(dir, name)
    writeFileSync(path, content)
    return path
  }
}

/** openssl's output; throws with its stderr when it fails. */
export const openssl = (...args: string[]): string =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** The text dump of a PEM certificate. */
export const certText = (pem: string): string => {
  const file = scratch()('c.pem', pem)
  return openssl('x509', '-in', file, '-noout', '-text')
}

export const RSA_2048 = ['-newkey', 'rsa:2048']
export const EC_P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']

/** A CSR made by openssl itself, with a new key (`keyArgs`). */
export const opensslCsr = (subject: string, extensions: string[], keyArgs = RSA_2048): string => {
  const file = scratch()
  const out = file('r.csr', '')
  const args = ['req', '-new', ...keyArgs, '-nodes', '-keyout', file('k.pem', ''), '-subj']
  openssl(...args, subject, ...extensions.flatMap((e) => ['-addext', e]), '-out', out)
  return execFileSync('cat', [out], { encoding: 'utf8' })
}

export const ecKeys = (): Promise<CryptoKeyPair> =>
  crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])

/** A CSR built in-process, for property tests. */
export const csrWith = async (
  name: JsonName,
  extensions: Extension[],
  keys?: CryptoKeyPair
): Promise<string> => {
  const csr = await Pkcs10CertificateRequestGenerator.create(
    {
      name,
      keys: keys ?? (await ecKeys()),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions,
    },
    crypto
  )
  return csr.toString('pem')
}
