import * as z from 'zod'

/**
 * The part of the Ignition v3 config specification (3.0–3.4) Berth's payloads use, strict so
 * that a misspelt key fails a test instead of being ignored by Ignition on the node.
 */
const DataUrl = z.string().regex(/^data:[^,]*,[^\s]*$/, 'a data URL without whitespace')

const Contents = z
  .object({
    source: DataUrl,
    compression: z.enum(['gzip']).optional(),
  })
  .strict()

const File = z
  .object({
    path: z.string().startsWith('/'),
    mode: z.number().int().min(0).max(0o7777),
    overwrite: z.boolean().optional(),
    contents: Contents,
  })
  .strict()

const Directory = z
  .object({ path: z.string().startsWith('/'), mode: z.number().int().min(0).max(0o7777) })
  .strict()

const UnitName = z.string().regex(/^[A-Za-z0-9:_.@-]+\.(service|socket|timer|mount|path|target)$/)

const Unit = z
  .object({
    name: UnitName,
    enabled: z.boolean().optional(),
    mask: z.boolean().optional(),
    contents: z.string().optional(),
    dropins: z
      .array(z.object({ name: z.string().regex(/^[^/]+\.conf$/), contents: z.string() }).strict())
      .optional(),
  })
  .strict()

export const IgnitionConfig = z
  .object({
    ignition: z.object({ version: z.string().regex(/^3\.[0-4]\.0$/) }).strict(),
    storage: z
      .object({ files: z.array(File).optional(), directories: z.array(Directory).optional() })
      .strict()
      .optional(),
    systemd: z
      .object({ units: z.array(Unit) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const paths = (config.storage?.files ?? []).map((f) => f.path)
    for (const p of paths.filter((p, i) => paths.indexOf(p) !== i)) {
      ctx.addIssue({ code: 'custom', message: `duplicate file ${p}` })
    }
    const units = (config.systemd?.units ?? []).map((u) => u.name)
    for (const u of units.filter((u, i) => units.indexOf(u) !== i)) {
      ctx.addIssue({ code: 'custom', message: `duplicate unit ${u}` })
    }
  })
export type IgnitionConfig = z.infer<typeof IgnitionConfig>
