/*
 * Rules within one pod, which a construct checks on its props and the validator on the manifest
 * (pkg/apis/core/validation: validateHandler / validateProbe resolve a named port in the container).
 */
import { Violation, violation } from './violation';

/** A probe or lifecycle handler that targets a port by name must name a port of its own container. */
export function probePortName(port: string, containerPortNames: readonly string[]): Violation | undefined {
  if (containerPortNames.includes(port)) return undefined;
  const has = containerPortNames.length > 0 ? `it has ${containerPortNames.map((n) => JSON.stringify(n)).join(', ')}` : 'it declares no named ports';
  return violation('probe-port', `is not a named port of its container (${has})`,
    `add a port named "${port}" to the container's ports, or probe by number`);
}
