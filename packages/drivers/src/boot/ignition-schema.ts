import * as z from 'zod/mini'

/**
 * The part of the Ignition v3 config specification (3.0–3.4) Berth's payloads use, strict so
 * that a misspelt key fails a test instead of being ignored by Ignition on the node.
 */
const DataUrl = z.string().check(z.regex(/^data:[^,]*,[^\s]*$/, 'a data URL without whitespace'))

const Mode = z.int().check(z.gte(0), z.lte(0o7777))
const AbsolutePath = z.string().check(z.startsWith('/'))

const Contents = z.strictObject({
  source: DataUrl,
  compression: z.optional(z.enum(['gzip'])),
})

const File = z.strictObject({
  path: AbsolutePath,
  mode: Mode,
  overwrite: z.optional(z.boolean()),
  contents: Contents,
})

const Directory = z.strictObject({ path: AbsolutePath, mode: Mode })

const UnitName = z
  .string()
  .check(z.regex(/^[A-Za-z0-9:_.@-]+\.(service|socket|timer|mount|path|target)$/))

const Unit = z.strictObject({
  name: UnitName,
  enabled: z.optional(z.boolean()),
  mask: z.optional(z.boolean()),
  contents: z.optional(z.string()),
  dropins: z.optional(
    z.array(
      z.strictObject({ name: z.string().check(z.regex(/^[^/]+\.conf$/)), contents: z.string() })
    )
  ),
})

export const IgnitionConfig = z
  .strictObject({
    ignition: z.strictObject({ version: z.string().check(z.regex(/^3\.[0-4]\.0$/)) }),
    storage: z.optional(
      z.strictObject({
        files: z.optional(z.array(File)),
        directories: z.optional(z.array(Directory)),
      })
    ),
    systemd: z.optional(z.strictObject({ units: z.array(Unit) })),
  })
  .check(
    z.superRefine((config, ctx) => {
      const paths = (config.storage?.files ?? []).map((f) => f.path)
      for (const p of paths.filter((p, i) => paths.indexOf(p) !== i)) {
        ctx.addIssue({ code: 'custom', message: `duplicate file ${p}` })
      }
      const units = (config.systemd?.units ?? []).map((u) => u.name)
      for (const u of units.filter((u, i) => units.indexOf(u) !== i)) {
        ctx.addIssue({ code: 'custom', message: `duplicate unit ${u}` })
      }
    })
  )
export type IgnitionConfig = z.infer<typeof IgnitionConfig>
