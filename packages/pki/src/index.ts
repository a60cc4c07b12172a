/** @module @berth/pki — cluster certificate authorities: generation and CSR signing. */
export { CA_VALIDITY_DAYS, caName } from './authority'
export { X509Authority, type X509AuthorityOptions } from './certificate-authority'
export { CsrError } from './errors'
export { KEY_ALGORITHM } from './keys'
export { ALLOWED_KEY_USAGES, CERTIFICATE_VALIDITY_DAYS, parseCsr, signCsr } from './sign'
