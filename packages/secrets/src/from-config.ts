import { Kms } from '@berth/aws/kms'
import type { SecretBox } from '@berth/core/ports/secrets'
import type { Config } from '@berth/shared/config'
import { KmsSecretBox } from './kms-secret-box'
import { LocalSecretBox } from './local-secret-box'

/**
 * The SecretBox the configuration asks for: KMS when BERTH_KMS_KEY_ID is set (on AWS it comes
 * from the linked key), otherwise the local key file under BERTH_DATA_DIR.
 *
 * @example
 * const secrets = createSecretBox(config)
 */
export const createSecretBox = (config: Config, kms?: Kms): SecretBox =>
  config.BERTH_KMS_KEY_ID
    ? new KmsSecretBox({
        client: kms ?? new Kms({ region: config.AWS_REGION }),
        keyId: config.BERTH_KMS_KEY_ID,
      })
    : new LocalSecretBox({ dataDir: config.BERTH_DATA_DIR })
