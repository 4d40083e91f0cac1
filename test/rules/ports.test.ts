import { containerPortClash, podPortNameClash, servicePortClash, servicePortNameClash } from '../../lib/rules';

// pkg/apis/core/validation/validation_test.go: TestValidateServiceCreate ("duplicate port", "duplicate port name"),
// TestValidateContainers / TestValidatePodSpec (duplicate container port names within a pod).
describe('port uniqueness', () => {
  test.each([
    [servicePortClash('ports[0]', 'TCP'), 'service-port-unique', 'is also ports[0].port for TCP', 'give each port its own number, or another protocol'],
    [servicePortClash('spec.ports[2]', 'UDP'), 'service-port-unique', 'is also spec.ports[2].port for UDP', 'give each port its own number, or another protocol'],
    [servicePortNameClash('ports[1]'), 'service-port-name', 'is also the name of ports[1]', 'give each port its own name'],
    [podPortNameClash('app'), 'port-name-unique', 'is also the name of a port of container "app"', 'give every port of the pod a unique name'],
    [containerPortClash('app'), 'port-unique', 'is also declared by container "app", and containers of a pod share one network namespace',
      'give one of them another port'],
    [containerPortClash(undefined), 'port-unique', 'is also declared by this container already', 'give one of them another port'],
  ])('%j', (violation, rule, message, fix) => expect(violation).toEqual({ rule, message, fix }));
});
