import { randomInt } from 'node:crypto'
import { randomUuid } from '../../ids'
import { dumpYaml } from '../engine/yaml'
import { DONE, type ResourceRuntime, type ResourceType } from './types'

/** Configs are Heat's own records: the reference is the config's id. */
const configType = (
  render: (rt: ResourceRuntime, props: Record<string, unknown>) => string,
  properties: ResourceType['properties']
): ResourceType => ({
  properties,
  attributes: ['config'],
  create(rt, props) {
    rt.resource.physicalId = randomUuid()
    rt.resource.data.name = rt.physicalName()
    rt.resource.data.config = render(rt, props)
    return DONE
  },
  delete: () => DONE,
  attribute: (rt, name) => (name === 'config' ? rt.resource.data.config : null),
  // Heat shows the stored software config record.
  describe: (rt) => ({
    id: rt.resource.physicalId,
    name: rt.resource.data.name,
    group: String(rt.resource.properties?.group ?? 'Heat::Ungrouped'),
    creation_time: rt.resource.createdAt.replace(/\.\d{3}Z$/, 'Z'),
    config: rt.resource.data.config,
    inputs: rt.resource.properties?.inputs ?? [],
    outputs: rt.resource.properties?.outputs ?? [],
    options: rt.resource.properties?.options ?? {},
  }),
})

export const SoftwareConfig = configType((_rt, p) => String(p.config ?? ''), {
  group: { type: 'string', default: 'Heat::Ungrouped' },
  config: { type: 'string' },
  inputs: { type: 'list' },
  outputs: { type: 'list' },
  options: { type: 'map' },
})

export const CloudConfig = configType(
  (_rt, p) => `#cloud-config\n${dumpYaml(p.cloud_config ?? {})}`,
  {
    cloud_config: { type: 'map' },
  }
)

/** A part's text: another config of this cloud by id, or the text itself. */
const partText = (rt: ResourceRuntime, config: string): string => {
  for (const stack of rt.cloud.state.data.stacks) {
    const found = stack.resources.find(
      (r) => r.physicalId === config && typeof r.data.config === 'string'
    )
    if (found) return found.data.config as string
  }
  return config
}

const ascii = (s: string) => [...s].every((ch) => ch.charCodeAt(0) < 128)

const mimePart = (content: string, subtype: string, filename: string | undefined) => {
  const encoded = ascii(content)
  const headers = [
    `Content-Type: text/${subtype}; charset="${encoded ? 'us-ascii' : 'utf-8'}"`,
    'MIME-Version: 1.0',
    `Content-Transfer-Encoding: ${encoded ? '7bit' : 'base64'}`,
    ...(filename ? [`Content-Disposition: attachment; filename="${filename}"`] : []),
  ]
  const body = encoded
    ? content
    : (
        Buffer.from(content)
          .toString('base64')
          .match(/.{1,76}/g) ?? []
      ).join('\n')
  return `${headers.join('\n')}\n\n${body}\n`
}

/** Python's email package: a multipart/mixed message with its `===…==` boundary. */
export const multipartMime = (
  parts: { text: string; type: string; subtype: string; filename?: string }[]
) => {
  const boundary = `===============${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(10, '0')}==`
  const body = parts
    .map(
      (p) =>
        `--${boundary}\n${p.type === 'multipart' ? `${p.text}\n` : mimePart(p.text, p.subtype, p.filename)}`
    )
    .join('')
  return `Content-Type: multipart/mixed; boundary="${boundary}"\nMIME-Version: 1.0\n\n${body}--${boundary}--\n`
}

export const MultipartMime = configType(
  (rt, p) =>
    multipartMime(
      ((p.parts ?? []) as Record<string, unknown>[]).map((part) => ({
        text: partText(rt, String(part.config ?? '')),
        type: String(part.type ?? 'text'),
        subtype: String(part.subtype ?? 'plain'),
        filename: part.filename === undefined ? undefined : String(part.filename),
      }))
    ),
  {
    parts: {
      type: 'list',
      default: [],
      items: {
        type: 'map',
        schema: {
          config: { type: 'string', required: true },
          filename: { type: 'string' },
          type: { type: 'string', default: 'text', allowed: ['text', 'multipart'] },
          subtype: { type: 'string' },
        },
      },
    },
    group: { type: 'string', default: 'Heat::Ungrouped' },
  }
)

/**
 * There is no server agent to run a deployment and signal back, so deployments (and wait
 * conditions) complete as if signalled successfully.
 */
export const SoftwareDeployment: ResourceType = {
  properties: {
    config: { type: 'string', updatable: true },
    server: { type: 'string', required: true },
    input_values: { type: 'map', default: {}, updatable: true },
    actions: { type: 'list', default: ['CREATE', 'UPDATE'] },
    signal_transport: { type: 'string', default: 'CFN_SIGNAL' },
    name: { type: 'string' },
  },
  attributes: 'any',
  create(rt) {
    rt.resource.physicalId = randomUuid()
    return DONE
  },
  update: () => DONE,
  delete: () => DONE,
  attribute: (_rt, name) =>
    name === 'deploy_status_code'
      ? 0
      : name === 'deploy_stdout' || name === 'deploy_stderr'
        ? ''
        : null,
}

export const WaitConditionHandle: ResourceType = {
  properties: { signal_transport: { type: 'string' } },
  attributes: ['token', 'endpoint', 'curl_cli', 'signal'],
  create(rt) {
    rt.resource.physicalId = randomUuid()
    rt.resource.data.token = randomUuid().replaceAll('-', '')
    return DONE
  },
  delete: () => DONE,
  attribute(rt, name) {
    const endpoint = `${rt.cloud.config.baseUrl()}/heat-api/v1/${rt.stack.projectId}/stacks/${rt.stack.name}/${rt.stack.id}/resources/${rt.resource.name}/signal`
    if (name === 'endpoint') return endpoint
    if (name === 'token') return rt.resource.data.token
    if (name === 'curl_cli')
      return `curl -i -X POST -H 'X-Auth-Token: ${String(rt.resource.data.token)}' -H 'Content-Type: application/json' -H 'Accept: application/json' ${endpoint}`
    return { alarm_url: endpoint }
  },
}

export const WaitCondition: ResourceType = {
  properties: {
    handle: { type: 'string', required: true },
    timeout: { type: 'number', default: 43200 },
    count: { type: 'integer', default: 1 },
  },
  attributes: ['data'],
  create(rt) {
    rt.resource.physicalId = rt.physicalName()
    return DONE
  },
  delete: () => DONE,
  attribute: (_rt, name) => (name === 'data' ? '{}' : null),
}
