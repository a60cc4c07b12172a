import { InvalidError } from '@berth/core/errors'

/** A CSR Berth will not sign: a 400, as Magnum's InvalidCsr. */
export class CsrError extends InvalidError {
  constructor(reason: string) {
    super(`Received invalid csr: ${reason}.`)
    this.name = 'CsrError'
  }
}
