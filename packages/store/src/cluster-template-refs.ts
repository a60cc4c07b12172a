import { TemplateAttr } from './cluster-template-item'
import { and, attributeExists, greaterThan, updateFields } from './expression'
import { clusterTemplateKey } from './keys'
import { TABLE_KEYS } from './table'
import type { TransactItem } from './transact'

/**
 * The template a cluster uses, located by the template's own project: a cluster may use a
 * public template of another project, so the cluster item should keep that project id beside
 * the template uuid, and cluster delete can then decrement without a lookup.
 */
export interface TemplateRef {
  projectId: string
  uuid: string
}

/**
 * The transaction item a cluster create adds: +1 on the template's `refCount`, failing the whole
 * transaction if the template is gone (its CancellationReason is then ConditionalCheckFailed,
 * with the old item absent). It does not touch `version`, so template edits are not disturbed.
 * @example
 * await db.transactWrite({
 *   TransactItems: [putCluster, templateRefIncrement(tableName, { projectId, uuid })],
 * })
 */
export const templateRefIncrement = (tableName: string, template: TemplateRef): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: clusterTemplateKey(template.projectId, template.uuid),
    ...updateFields(
      { add: { [TemplateAttr.refCount]: 1 } },
      attributeExists(TABLE_KEYS.partitionKey)
    ),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
})

/**
 * The transaction item a cluster delete adds: −1 on `refCount`. Conditional on the template
 * existing (an unconditional update would create a stub item) and on the count being positive,
 * so a drifted count stops the delete loudly instead of going negative.
 * @example
 * await db.transactWrite({
 *   TransactItems: [deleteCluster, templateRefDecrement(tableName, { projectId, uuid })],
 * })
 */
export const templateRefDecrement = (tableName: string, template: TemplateRef): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: clusterTemplateKey(template.projectId, template.uuid),
    ...updateFields(
      { add: { [TemplateAttr.refCount]: -1 } },
      and(attributeExists(TABLE_KEYS.partitionKey), greaterThan(TemplateAttr.refCount, 0))
    ),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
})
