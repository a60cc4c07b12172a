import { InvalidError } from '../errors'
import type { Coe } from './model'

/**
 * What each COE accepts (magnum/api/validation.py K8sValidator, SwarmValidator,
 * MesosValidator): network and volume drivers, and the network driver used when none is given.
 */
interface CoeRules {
  networkDrivers: readonly string[]
  defaultNetworkDriver: string
  volumeDrivers: readonly string[]
}

const SWARM: CoeRules = {
  networkDrivers: ['docker', 'flannel'],
  defaultNetworkDriver: 'docker',
  volumeDrivers: ['rexray'],
}
const MESOS: CoeRules = {
  networkDrivers: ['docker'],
  defaultNetworkDriver: 'docker',
  volumeDrivers: ['rexray'],
}

export const COE_RULES: Record<Coe, CoeRules> = {
  kubernetes: {
    networkDrivers: ['flannel', 'calico'],
    defaultNetworkDriver: 'flannel',
    volumeDrivers: ['cinder'],
  },
  swarm: SWARM,
  'swarm-mode': SWARM,
  mesos: MESOS,
  dcos: MESOS,
}

const pyList = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`

export interface DriverChoices {
  coe: Coe
  network_driver: string | null
  volume_driver: string | null
  docker_storage_driver: string | null
  docker_volume_size: number | null
}

/** Checks driver choices for the COE; returns the network driver to store. */
export const checkCoeDrivers = (t: DriverChoices): string => {
  const rules = COE_RULES[t.coe]
  const network = t.network_driver ?? rules.defaultNetworkDriver
  if (!rules.networkDrivers.includes(network)) {
    throw new InvalidError(
      `Network driver type ${network} is not supported, expecting a ${pyList(rules.networkDrivers)} network driver.`
    )
  }
  if (t.volume_driver !== null && !rules.volumeDrivers.includes(t.volume_driver)) {
    throw new InvalidError(
      `Volume driver type ${t.volume_driver} is not supported, expecting a ${pyList(rules.volumeDrivers)} volume driver.`
    )
  }
  if (
    t.docker_storage_driver === 'devicemapper' &&
    t.docker_volume_size !== null &&
    t.docker_volume_size < 3
  ) {
    throw new InvalidError(
      `docker volume size ${t.docker_volume_size} GB is not valid, expecting minimum value 3GB for devicemapper storage driver.`
    )
  }
  return network
}
