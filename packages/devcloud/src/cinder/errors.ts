/** Cinder words its faults as Nova does: the document is named after the status's webob fault. */
export { novaError as cinderError } from '../nova/errors'
