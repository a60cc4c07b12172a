import { loadConfig } from '@berth/shared/config'
import { describe, expect, it } from 'vitest'
import { createSecretBox } from './from-config'
import { KmsSecretBox } from './kms-secret-box'
import { LocalSecretBox } from './local-secret-box'

describe('Function: createSecretBox', () => {
  it('uses KMS when a key is configured, the local key file otherwise', () => {
    const kms = createSecretBox(loadConfig({ BERTH_KMS_KEY_ID: 'alias/berth' }))
    const local = createSecretBox(loadConfig({ BERTH_DATA_DIR: '/tmp/berth-x' }))
    expect(kms).toBeInstanceOf(KmsSecretBox)
    expect(local).toBeInstanceOf(LocalSecretBox)
    expect((local as LocalSecretBox).keyFile).toBe('/tmp/berth-x/secret-box.key')
  })
})
