// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API
// before the library loads: every module of this package imports the library through here.
import 'reflect-metadata'

export * from '@peculiar/x509'
