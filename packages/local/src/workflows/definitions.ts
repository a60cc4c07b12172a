import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OperationKind } from '@berth/core/clusters'

/** An ASL document, as far as the local runner reads it. */
export interface AslDefinition {
  StartAt: string
  States: Record<string, { Type: string; Resource?: string } & Record<string, unknown>>
  [k: string]: unknown
}

export const STEPFUNCTIONS_DIR = fileURLToPath(
  new URL('../../../../stepfunctions/', import.meta.url)
)

/** The state machines by operation kind: stepfunctions/<kind>.asl.json, the files AWS deploys. */
export const loadDefinitions = (dir = STEPFUNCTIONS_DIR): Map<OperationKind, AslDefinition> => {
  const out = new Map<OperationKind, AslDefinition>()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.asl.json'))) {
    const kind = OperationKind.parse(basename(file, '.asl.json'))
    out.set(kind, JSON.parse(readFileSync(join(dir, file), 'utf8')) as AslDefinition)
  }
  return out
}
