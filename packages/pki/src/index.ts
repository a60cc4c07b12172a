/** @module @berth/pki — cluster certificate authorities: generation and CSR signing. */
export {}
