/**
 * zod/mini ships no message locale, so its issues would all read "Invalid input". Berth's 400s
 * quote the message (Magnum's "Invalid input for field/attribute …"), so every process
 * installs English once: the Lambdas through config.ts, the tests through vitest's setupFiles.
 * Importing the one locale keeps the other ~50 out of the bundles.
 */
import * as z from 'zod/mini'
import en from 'zod/v4/locales/en.js'

z.config(en())
