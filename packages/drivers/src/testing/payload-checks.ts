import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parse } from 'yaml'
import { IgnitionConfig } from '../boot/ignition-schema'

/** Checks of boot payloads with the real tools: Debian's cloud-init and shellcheck. */

export interface PayloadFile {
  path: string
  content: string
}

const decodeDataUrl = (source: string, compression: string | undefined): string => {
  const comma = source.indexOf(',')
  const meta = source.slice(5, comma)
  const data = source.slice(comma + 1)
  const raw = meta.endsWith(';base64')
    ? Buffer.from(data, 'base64')
    : Buffer.from(decodeURIComponent(data), 'utf8')
  return (compression === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
}

/** The files an Ignition config writes, decoded; throws if the config breaks the schema. */
export const ignitionFiles = (text: string): PayloadFile[] => {
  const config = IgnitionConfig.parse(JSON.parse(text))
  return (config.storage?.files ?? []).map((f) => ({
    path: f.path,
    content: decodeDataUrl(f.contents.source, f.contents.compression),
  }))
}

interface WriteFile {
  path: string
  content: string
  encoding?: string
}

/** The files a cloud-config writes, decoded. */
export const cloudInitFiles = (text: string): PayloadFile[] => {
  const config = parse(text) as { write_files?: WriteFile[] }
  return (config.write_files ?? []).map((f) => ({
    path: f.path,
    content:
      f.encoding === 'gz+b64'
        ? gunzipSync(Buffer.from(f.content, 'base64')).toString('utf8')
        : f.content,
  }))
}

export const shellScripts = (files: readonly PayloadFile[]) =>
  files.filter((f) => f.content.startsWith('#!/bin/bash'))

const hasTool = (tool: string) => spawnSync(tool, ['--version']).status === 0

const requireTool = (tool: string, pkg: string) => {
  if (!hasTool(tool)) throw new Error(`${tool} is not installed (apt-get install -y ${pkg})`)
}

// Variants of a payload share their scripts; shellcheck each set once per test file.
const checked = new Map<string, string>()

/** shellcheck over scripts that source each other by basename; its report, empty if clean. */
export const shellcheck = (scripts: readonly PayloadFile[]): string => {
  const key = JSON.stringify(scripts.map((s) => [s.path, s.content]))
  const known = checked.get(key)
  if (known !== undefined) return known
  const report = runShellcheck(scripts)
  checked.set(key, report)
  return report
}

const runShellcheck = (scripts: readonly PayloadFile[]): string => {
  requireTool('shellcheck', 'shellcheck')
  const dir = mkdtempSync(join(tmpdir(), 'berth-shellcheck-'))
  try {
    const names = scripts.map((s) => {
      const name = join(dir, basename(s.path))
      writeFileSync(name, s.content)
      return name
    })
    const r = spawnSync('shellcheck', ['-x', '-P', 'SCRIPTDIR', ...names], { encoding: 'utf8' })
    return r.status === 0 ? '' : `${r.stdout}${r.stderr}`
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `cloud-init schema --config-file`: its complaint, empty when the config is valid. */
export const cloudInitSchema = (text: string): string => {
  requireTool('cloud-init', 'cloud-init')
  const dir = mkdtempSync(join(tmpdir(), 'berth-cloud-init-'))
  try {
    const file = join(dir, 'user-data')
    writeFileSync(file, text)
    try {
      execFileSync('cloud-init', ['schema', '--config-file', file], {
        encoding: 'utf8',
        stdio: 'pipe',
      })
      return ''
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string }
      return `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const ASSIGNED = /(?:^|[\s;(])(?:export |local |readonly )?([A-Z][A-Z0-9_]*)=/gm
const USED = /\$\{?([A-Z][A-Z0-9_]*)(:?[-=+?])?/g
const SHELL = new Set(['PATH', 'HOME', 'MAINPID'])

/**
 * Upper-case variables the scripts read without a default and never assign: they must come
 * from the bootstrap unit's environment (settings and secrets).
 */
export const environmentNeeded = (scripts: readonly PayloadFile[]): Set<string> => {
  // Quoted here-documents are written out verbatim (systemd's own $VARIABLES), not expanded.
  const text = scripts.map((s) => s.content.replace(/<<'(\w+)'\n[\s\S]*?\n\1\n/g, '')).join('\n')
  const assigned = new Set([...text.matchAll(ASSIGNED)].map((m) => m[1]!))
  const needed = new Set<string>()
  for (const m of text.matchAll(USED)) {
    const name = m[1]!
    if (!m[2] && !assigned.has(name) && !SHELL.has(name)) needed.add(name)
  }
  return needed
}

/** The environment a payload gives its bootstrap unit: drop-in settings and secrets. */
export const environmentGiven = (files: readonly PayloadFile[], dropIn: string): Set<string> => {
  const given = new Set<string>()
  for (const m of dropIn.matchAll(/Environment="([A-Z0-9_]+)=/g)) given.add(m[1]!)
  const secrets = files.find((f) => f.path === '/etc/berth/secrets.env')
  for (const line of secrets?.content.split('\n') ?? []) {
    const key = line.split('=')[0]
    if (key) given.add(key)
  }
  return given
}

/** The settings drop-in of the bootstrap unit, from either format. */
export const settingsDropIn = (text: string, format: 'ignition' | 'cloud-init'): string => {
  if (format === 'ignition') {
    const config = IgnitionConfig.parse(JSON.parse(text))
    const unit = config.systemd?.units.find((u) => u.dropins?.length)
    return unit?.dropins?.[0]?.contents ?? ''
  }
  return cloudInitFiles(text).find((f) => f.path.endsWith('/10-berth-params.conf'))?.content ?? ''
}
