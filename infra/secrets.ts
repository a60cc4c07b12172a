import { physicalName } from './names'

/**
 * The KMS key that wraps every data key @berth/secrets seals with (envelope encryption), with
 * yearly rotation. Linked as `SecretsKey {arn}`: a function linked to it may generate and
 * decrypt data keys under this key and nothing else.
 */
export const createSecretsKey = () => {
  const key = new aws.kms.Key('SecretsKmsKey', {
    description: `Berth ${$app.stage}: wraps the data keys sealing cluster credentials`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
  })
  new aws.kms.Alias('SecretsKmsAlias', {
    name: `alias/${physicalName('secrets')}`,
    targetKeyId: key.keyId,
  })
  return new sst.Linkable('SecretsKey', {
    properties: { arn: key.arn },
    include: [
      sst.aws.permission({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.arn] }),
    ],
  })
}
