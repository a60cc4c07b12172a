/**
 * The CAs' key algorithm, on its own so that naming it loads no crypto code (see lazy.ts):
 * ECDSA on P-256 (why: keys.ts).
 */
export const KEY_ALGORITHM = 'ECDSA-P256'
