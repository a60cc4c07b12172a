/** @module @berth/coe-api — talking to the COEs Berth runs: health of Kubernetes clusters. */
export * from './kubernetes-probe'
