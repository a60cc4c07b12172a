/**
 * A service's regional endpoint. China's regions live under their own domain; every other
 * partition Berth could run in uses amazonaws.com.
 * @example
 * serviceEndpoint('dynamodb', 'eu-west-1') // https://dynamodb.eu-west-1.amazonaws.com
 */
export const serviceEndpoint = (service: string, region: string): string => {
  if (!/^[a-z0-9-]+$/.test(region)) throw new Error(`not an AWS region: ${JSON.stringify(region)}`)
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  return `https://${service}.${region}.${domain}`
}
