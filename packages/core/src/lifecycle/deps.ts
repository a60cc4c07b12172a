import type { AuditSink } from '../audit/model'
import type { ClusterTemplateRepository } from '../cluster-templates/repository'
import type { ClusterRepository } from '../clusters/repository'
import type { ClusterCloudFactory, CredentialIssuer } from '../ports/cluster-cloud'
import type { ClusterDriver, DriverDescriptor, DriverKey } from '../ports/drivers'
import type { CertificateAuthority } from '../ports/pki'
import type { SecretBox } from '../ports/secrets'

/** Finds the driver of a template: `D` is as much of a driver as the step uses. */
export interface DriverFinder<D extends DriverDescriptor> {
  find(key: DriverKey, name?: string): D | undefined
}

/** The drivers as rendering steps need them: full drivers, not just descriptors. */
export type ClusterDriverCatalog = DriverFinder<ClusterDriver>

/** What the workflow steps need; the task Lambdas and the local runner supply real adapters. */
export interface LifecycleDeps {
  clusters: ClusterRepository
  templates: ClusterTemplateRepository
  drivers: ClusterDriverCatalog
  clouds: ClusterCloudFactory
  credentials: CredentialIssuer
  secrets: SecretBox
  /** Makes the cluster's CAs at create and at CA rotation. */
  pki: CertificateAuthority
  now: () => Date
  /**
   * Where the end of every operation is recorded (CADF audit records). Absent ⇒ not recorded;
   * a failed append never fails the step.
   */
  audit?: AuditSink
  /** Reports a best-effort clean-up or record that failed, instead of failing the step. */
  warn?: (message: string, details: Record<string, unknown>) => void
  settings: {
    /** Berth's API URL, for nodes calling back (Magnum's magnum_url). */
    apiUrl: string
    /** Longest wait between two polls of a stack, in seconds. */
    maxPollSeconds: number
    /** Past this many seconds an operation reports what Heat is still on; default 600. */
    progressReportSeconds?: number
  }
}

/**
 * The part of {@link LifecycleDeps} a step uses. Each task Lambda builds (and so bundles) only
 * that part; the local runner passes the whole.
 */
export type StepDeps<K extends keyof LifecycleDeps> = Pick<LifecycleDeps, K>

/**
 * What opening a cluster's cloud takes (see openStep). Steps that render nothing accept plain
 * driver descriptors: they still check the template has a driver, without its rendering code.
 */
export type OpenStepDeps<D extends DriverDescriptor = ClusterDriver> = StepDeps<
  'clusters' | 'templates' | 'clouds' | 'secrets' | 'settings'
> & { drivers: DriverFinder<D> }
