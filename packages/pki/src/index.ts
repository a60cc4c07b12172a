/** @module @berth/pki — cluster certificate authorities: generation and CSR signing. */

export { KEY_ALGORITHM } from './algorithm'
export { CA_VALIDITY_DAYS, caName } from './authority'
export { X509Authority, type X509AuthorityOptions } from './certificate-authority'
export { CsrError } from './errors'
export { lazyCertificateAuthority } from './lazy'
export { ALLOWED_KEY_USAGES, CERTIFICATE_VALIDITY_DAYS, parseCsr, signCsr } from './sign'
