/** @module @berth/orchestrator — starting and watching workflow executions on Step Functions. */
export * from './step-functions'
