import type { ValidToken } from '../keystone/tokens'
import { isAdmin } from '../keystone/tokens'
import type { Image } from './model'

const owns = (caller: ValidToken, image: Image): boolean =>
  image.owner !== null && image.owner === caller.project?.id

/** Glance's visibility rules: public and community images for all, the rest for the owner. */
export const canSeeImage = (caller: ValidToken, image: Image): boolean =>
  isAdmin(caller) ||
  image.visibility === 'public' ||
  image.visibility === 'community' ||
  owns(caller, image)

/** Images in the default listing: community images only appear for their owner. */
export const listedByDefault = (caller: ValidToken, image: Image): boolean =>
  isAdmin(caller) || image.visibility === 'public' || owns(caller, image)

export const mayModifyImage = (caller: ValidToken, image: Image): boolean =>
  isAdmin(caller) || owns(caller, image)
