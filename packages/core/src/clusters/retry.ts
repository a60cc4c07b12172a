import { ConcurrentUpdateError } from '../errors'

const ATTEMPTS = 3

/** Runs a read-check-write again when another request wrote the cluster in between. */
export const retryOnRace = async <T>(fn: () => Promise<T>): Promise<T> => {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (e) {
      if (!(e instanceof ConcurrentUpdateError) || i >= ATTEMPTS) throw e
    }
  }
}
