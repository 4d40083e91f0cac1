/*
 * Port uniqueness. A Service's ports are unique by number and protocol, and by name
 * (pkg/apis/core/validation/validation.go ValidateService: "duplicate" on spec.ports[i] and spec.ports[i].name).
 * The containers of a pod share one network namespace, so their port names are unique in the pod
 * (validateContainerPorts / AccumulateUniqueHostPorts), and two listeners on one port and protocol cannot both bind it.
 * `other` says where the first one is: `ports[0]` for a prop, `spec.ports[0]` for a manifest.
 */
import { Violation, violation } from './violation';

/** A Service port whose number and protocol are also those of the port at `other`. */
export function servicePortClash(other: string, protocol: string): Violation {
  return violation('service-port-unique', `is also ${other}.port for ${protocol}`, 'give each port its own number, or another protocol');
}

/** A Service port whose name is also that of the port at `other`. */
export function servicePortNameClash(other: string): Violation {
  return violation('service-port-name', `is also the name of ${other}`, 'give each port its own name');
}

/** A container port (number/protocol) also declared by `container` (`undefined`: the same container). */
export function containerPortClash(container: string | undefined): Violation {
  const other = container === undefined ? 'this container already'
    : `container "${container}", and containers of a pod share one network namespace`;
  return violation('port-unique', `is also declared by ${other}`, 'give one of them another port');
}

/** A container port name also used by a port of `container`. */
export function podPortNameClash(container: string): Violation {
  return violation('port-name-unique', `is also the name of a port of container "${container}"`, 'give every port of the pod a unique name');
}
