/**
 * Port: sealing secrets at rest (cluster credentials, CA keys). Local adapter: AES-256-GCM
 * with a key file; AWS adapter: KMS envelope encryption. The context binds a sealed value to
 * its owner (e.g. the cluster uuid) so it cannot be replayed onto another record.
 */
export interface SecretBox {
  seal(plaintext: string, context: Record<string, string>): Promise<string>
  open(sealed: string, context: Record<string, string>): Promise<string>
}
