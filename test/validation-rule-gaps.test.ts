import { Duration, Size } from 'cdk8s';
import { ClusterIpService, Cpu, HorizontalAutoscaler, MultiContainerPod, NetworkPolicy, Peer, PodDisruptionBudget, Probe, RollingDeployment } from '../lib';
import { Finding, validateManifests } from '../lib/validation';
import { find, newChart, synth } from './util';

/*
 * docs/rule-coverage.md NP-2 to NP-10, the enumerated fields (CTR-5, PORT-4, PRB-8, SVC-8, SVC-13, SVC-27, DEP-8, PDB-5,
 * NP-3, NP-9, PO-2), HPA-12 and TPL-4 to TPL-6: each case makes one change to what the constructs write and expects
 * the finding the API server's rule gives. Sources: pkg/apis/networking/validation/validation.go, pkg/apis/core/validation/
 * validation.go, pkg/apis/apps/validation/validation.go, pkg/apis/policy/validation/validation.go,
 * pkg/apis/autoscaling/validation/validation.go.
 */
function manifests(): any[] {
  const chart = newChart({ namespace: 'shop' });
  const web = new RollingDeployment(chart, 'web', {
    containers: [{
      image: 'example/web:1.0', ports: [{ number: 8080, name: 'http' }], liveness: Probe.httpGet('/healthz', { port: 'http' }),
      resources: { cpu: { request: Cpu.millis(250) }, memory: { request: Size.mebibytes(256) } },
    }],
  });
  new PodDisruptionBudget(chart, 'web-budget', { target: web, maxUnavailable: 1 });
  new ClusterIpService(chart, 'web-service', { name: 'web', target: web, ports: [{ port: 80, targetPort: 'http' }] });
  new HorizontalAutoscaler(chart, 'hpa', {
    target: web, maxReplicas: 10, cpuUtilizationPercent: 70,
    scaleDown: { policies: [{ type: 'Pods', value: 1, period: Duration.minutes(1) }] },
  });
  const policy = new NetworkPolicy(chart, 'web-policy', { target: web });
  policy.allowFrom(Peer.namespace('ingress-nginx'), 'http');
  policy.allowTo(Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']), 443);
  new MultiContainerPod(chart, 'debug', { containers: [{ name: 'shell', image: 'example/shell:1.0' }] });
  return synth(chart);
}
const error = (rule: string, object: string, path: string, message: string): Finding => ({ rule, severity: 'error', object, path, message });
const NP = 'NetworkPolicy/shop/web-policy';
const np = (m: any[]) => find(m, 'NetworkPolicy', 'web-policy').spec;
const template = (m: any[]) => find(m, 'Deployment', 'web').spec.template;
const web = (m: any[]) => template(m).spec.containers[0];

describe('NetworkPolicy (NP-2 to NP-10)', () => {
  test('the constructs\' output passes', () => {
    expect(validateManifests(manifests())).toEqual([]);
  });

  test.each([
    ['NP-2 podSelector label key', (m: any[]) => { np(m).podSelector = { matchLabels: { 'app/x/y': 'web' } }; },
      error('label-key', NP, 'spec.podSelector.matchLabels["app/x/y"]', 'label key "app/x/y" is not a valid label key; use an optional prefix (a DNS subdomain of at most 253 lower-case letters, digits, \'-\' and \'.\') and \'/\', then a name of 1 to 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit')],
    ['NP-4 port number', (m: any[]) => { np(m).egress[0].ports[0].port = 70000; },
      error('port-range', NP, 'spec.egress[0].ports[0].port', 'port 70000 is not a port number; use an integer from 1 to 65535')],
    ['NP-4 port name', (m: any[]) => { np(m).ingress[0].ports[0].port = 'http_alt'; },
      error('port-name', NP, 'spec.ingress[0].ports[0].port', 'port "http_alt" is not an IANA service name; use at most 15 lower-case letters, digits and single inner \'-\', with at least one letter')],
    ['NP-4 quoted port number', (m: any[]) => { np(m).ingress[0].ports[0].port = '8080'; },
      error('port-name', NP, 'spec.ingress[0].ports[0].port', 'port "8080" is a quoted number, which the API server reads as a port name, and a port name needs a letter; write it as a number: 8080')],
    ['NP-5 an empty peer', (m: any[]) => { np(m).ingress[0].from = [{}]; },
      error('policy-peer', NP, 'spec.ingress[0].from[0]', 'peer {} sets none of podSelector, namespaceSelector and ipBlock; set a podSelector and/or a namespaceSelector, or an ipBlock; to allow every source or destination, leave out from/to instead')],
    ['NP-6 ipBlock with a selector', (m: any[]) => { np(m).egress[0].to[0].podSelector = {}; },
      error('policy-peer', NP, 'spec.egress[0].to[0]', 'peer {"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]},"podSelector":{}} combines ipBlock with a selector; put the ipBlock and the selectors in two peers of the list')],
    ['NP-7 cidr', (m: any[]) => { np(m).egress[0].to[0].ipBlock.cidr = '10.0.0.0/33'; },
      error('cidr', NP, 'spec.egress[0].to[0].ipBlock.cidr', 'cidr "10.0.0.0/33" is not a CIDR; write an address and a prefix length, like "10.0.0.0/8" or "2001:db8::/32"')],
    ['NP-7 except outside cidr', (m: any[]) => { np(m).egress[0].to[0].ipBlock.except = ['192.168.0.0/16']; },
      error('cidr-except', NP, 'spec.egress[0].to[0].ipBlock.except[0]', 'except "192.168.0.0/16" is not strictly inside cidr "10.0.0.0/8"; list only smaller blocks within cidr, or widen cidr')],
    ['NP-7 except equal to cidr', (m: any[]) => { np(m).egress[0].to[0].ipBlock.except = ['10.0.0.0/8']; },
      error('cidr-except', NP, 'spec.egress[0].to[0].ipBlock.except[0]', 'except "10.0.0.0/8" is not strictly inside cidr "10.0.0.0/8"; list only smaller blocks within cidr, or widen cidr')],
    ['NP-8 peer selector label value', (m: any[]) => { np(m).ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] = '-nginx'; },
      error('label-value', NP, 'spec.ingress[0].from[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"]', 'label value "-nginx" is not a valid label value; use at most 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit')],
    ['NP-9 three policyTypes', (m: any[]) => { np(m).policyTypes = ['Ingress', 'Egress', 'Ingress']; },
      error('policy-types', NP, 'spec.policyTypes', 'policyTypes ["Ingress","Egress","Ingress"] lists 3 directions, and there are two; list \'Ingress\', \'Egress\' or both, each once')],
    ['NP-10 endPort with a named port', (m: any[]) => { np(m).ingress[0].ports[0].endPort = 9000; },
      error('policy-end-port', NP, 'spec.ingress[0].ports[0].endPort', 'endPort 9000 closes a range that starts at the named port "http"; give port as a number, or remove endPort')],
    ['NP-10 endPort below port', (m: any[]) => { np(m).egress[0].ports[0].endPort = 80; },
      error('policy-end-port', NP, 'spec.egress[0].ports[0].endPort', 'endPort 80 is below port 443; use 443 or more, or lower port')],
  ])('%s', (_name, mutate, expected) => {
    const m = manifests();
    mutate(m);
    expect(validateManifests(m)).toEqual([expected]);
  });

  test('an endPort range passes', () => {
    const m = manifests();
    np(m).egress[0].ports[0].endPort = 8443;
    expect(validateManifests(m)).toEqual([]);
  });

  test('NP-7 host bits after the prefix: a warning, as API servers without StrictIPCIDRValidation accept it', () => {
    const m = manifests();
    np(m).egress[0].to[0].ipBlock.cidr = '10.0.0.1/8';
    expect(validateManifests(m)).toEqual([{
      ...error('cidr', NP, 'spec.egress[0].to[0].ipBlock.cidr',
        'cidr "10.0.0.1/8" has host bits set after the prefix; write the network address "10.0.0.0/8", or /32 for one host'),
      severity: 'warning',
    }]);
  });
});

describe('enumerated fields (one table, lib/rules/enums.ts)', () => {
  test.each([
    ['CTR-5 imagePullPolicy', (m: any[]) => { web(m).imagePullPolicy = 'always'; },
      error('enum', 'Deployment/shop/web', 'spec.template.spec.containers[name=web].imagePullPolicy', 'imagePullPolicy "always" is not a pull policy Kubernetes knows; use \'Always\', \'IfNotPresent\' or \'Never\'')],
    ['PORT-4 container port protocol', (m: any[]) => { web(m).ports[0].protocol = 'tcp'; }, [
      error('probe-port-protocol', 'Deployment/shop/web', 'spec.template.spec.containers[name=web].livenessProbe.httpGet.port', 'livenessProbe.httpGet connects over TCP, but container "web" declares port "http" as tcp only; probe a TCP port, or declare 8080/TCP if the app also listens on it'),
      error('enum', 'Deployment/shop/web', 'spec.template.spec.containers[name=web].ports[name=http].protocol', 'protocol "tcp" is not a protocol Kubernetes knows; use \'TCP\', \'UDP\' or \'SCTP\''),
    ]],
    ['PRB-8 probe scheme', (m: any[]) => { web(m).livenessProbe.httpGet.scheme = 'https'; },
      error('enum', 'Deployment/shop/web', 'spec.template.spec.containers[name=web].livenessProbe.httpGet.scheme', 'scheme "https" is not a URL scheme Kubernetes knows; use \'HTTP\' or \'HTTPS\'')],
    ['SVC-8 Service port protocol', (m: any[]) => { find(m, 'Service', 'web').spec.ports[0].protocol = 'HTTP'; },
      error('enum', 'Service/shop/web', 'spec.ports[name=http].protocol', 'protocol "HTTP" is not a protocol Kubernetes knows; use \'TCP\', \'UDP\' or \'SCTP\'')],
    ['SVC-13 Service type', (m: any[]) => { find(m, 'Service', 'web').spec.type = 'Internal'; },
      error('enum', 'Service/shop/web', 'spec.type', 'type "Internal" is not a Service type Kubernetes knows; use \'ClusterIP\', \'NodePort\', \'LoadBalancer\' or \'ExternalName\'')],
    ['SVC-27 internalTrafficPolicy', (m: any[]) => { find(m, 'Service', 'web').spec.internalTrafficPolicy = 'Node'; },
      error('enum', 'Service/shop/web', 'spec.internalTrafficPolicy', 'internalTrafficPolicy "Node" is not a traffic policy Kubernetes knows; use \'Cluster\' or \'Local\'')],
    ['DEP-8 strategy type', (m: any[]) => { find(m, 'Deployment', 'web').spec.strategy = { type: 'BlueGreen' }; },
      error('enum', 'Deployment/shop/web', 'spec.strategy.type', 'type "BlueGreen" is not a Deployment strategy Kubernetes knows; use \'RollingUpdate\' or \'Recreate\'')],
    ['PDB-5 unhealthyPodEvictionPolicy', (m: any[]) => { find(m, 'PodDisruptionBudget', 'web').spec.unhealthyPodEvictionPolicy = 'Never'; },
      error('enum', 'PodDisruptionBudget/shop/web', 'spec.unhealthyPodEvictionPolicy', 'unhealthyPodEvictionPolicy "Never" is not a policy Kubernetes knows; use \'AlwaysAllow\' or \'IfHealthyBudget\'')],
    ['NP-3 policy port protocol', (m: any[]) => { np(m).egress[0].ports[0].protocol = 'ICMP'; },
      error('enum', NP, 'spec.egress[0].ports[0].protocol', 'protocol "ICMP" is not a protocol Kubernetes knows; use \'TCP\', \'UDP\' or \'SCTP\'')],
    ['NP-9 policy type', (m: any[]) => { np(m).policyTypes = ['ingress', 'Egress']; },
      error('enum', NP, 'spec.policyTypes[0]', 'policyTypes "ingress" is not a policy type Kubernetes knows; use \'Ingress\' or \'Egress\'')],
    ['PO-2 a Pod\'s restartPolicy (rule restart-policy of the pod rules)', (m: any[]) => { find(m, 'Pod', 'debug').spec.restartPolicy = 'Sometimes'; },
      error('restart-policy', 'Pod/shop/debug', 'spec.restartPolicy', 'restartPolicy must be "Always", "OnFailure" or "Never", got "Sometimes"')],
  ] as [string, (m: any[]) => void, Finding | Finding[]][])('%s', (_name, mutate, expected) => {
    const m = manifests();
    mutate(m);
    expect(validateManifests(m)).toEqual([expected].flat());
  });
});

describe('HPA-12 scaling policies', () => {
  test('an explicit empty list', () => {
    const m = manifests();
    find(m, 'HorizontalPodAutoscaler', 'web').spec.behavior.scaleDown.policies = [];
    expect(validateManifests(m)).toEqual([error('hpa-behavior', 'HorizontalPodAutoscaler/shop/web', 'spec.behavior.scaleDown.policies',
      'policies [] is an empty list, and the API server needs at least one policy; add a policy, or leave policies out to get the Kubernetes defaults')]);
  });

  test('policies left out take the defaults', () => {
    const m = manifests();
    delete find(m, 'HorizontalPodAutoscaler', 'web').spec.behavior.scaleDown.policies;
    expect(validateManifests(m)).toEqual([]);
  });
});

describe('pod template annotations (TPL-4 to TPL-6)', () => {
  const annotate = (m: any[], key: string, value: string) => {
    template(m).metadata.annotations = { ...template(m).metadata.annotations, [key]: value };
  };
  const at = (key: string) => `spec.template.metadata.annotations[${JSON.stringify(key)}]`;
  const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';
  const SECCOMP = 'container.seccomp.security.alpha.kubernetes.io/';

  test.each([
    ['TPL-4 AppArmor names no container', (m: any[]) => annotate(m, `${APPARMOR}wbe`, 'runtime/default'),
      error('apparmor-container', 'Deployment/shop/web', at(`${APPARMOR}wbe`), `annotation "${APPARMOR}wbe" names container "wbe", which the pod does not have; name one of its containers: "web"`)],
    ['TPL-5 deletion cost', (m: any[]) => annotate(m, 'controller.kubernetes.io/pod-deletion-cost', '1e3'),
      error('pod-deletion-cost', 'Deployment/shop/web', at('controller.kubernetes.io/pod-deletion-cost'), 'controller.kubernetes.io/pod-deletion-cost "1e3" is not a 32-bit integer; use a whole number from -2147483648 to 2147483647, without \'+\' or leading zeros (pods with a lower cost are removed first)')],
    ['TPL-6 seccomp annotation against the container\'s field', (m: any[]) => annotate(m, `${SECCOMP}web`, 'unconfined'),
      error('profile-annotation', 'Deployment/shop/web', at(`${SECCOMP}web`), `${SECCOMP}web "unconfined" does not match the seccomp profile type "RuntimeDefault" of container "web"; write "runtime/default", or remove the annotation (the field replaces it)`)],
    ['TPL-6 seccomp pod annotation against the pod\'s field', (m: any[]) => {
      annotate(m, 'seccomp.security.alpha.kubernetes.io/pod', 'runtime/default');
      template(m).spec.securityContext = { ...template(m).spec.securityContext, seccompProfile: { type: 'Localhost', localhostProfile: 'audit.json' } };
    }, error('profile-annotation', 'Deployment/shop/web', at('seccomp.security.alpha.kubernetes.io/pod'), 'seccomp.security.alpha.kubernetes.io/pod "runtime/default" does not match the seccomp profile type "Localhost" of the pod; write "localhost/audit.json", or remove the annotation (the field replaces it)')],
    ['TPL-6 AppArmor annotation against the pod\'s field', (m: any[]) => {
      annotate(m, `${APPARMOR}web`, 'localhost/other');
      template(m).spec.securityContext = { ...template(m).spec.securityContext, appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-web' } };
    }, error('profile-annotation', 'Deployment/shop/web', at(`${APPARMOR}web`), `${APPARMOR}web "localhost/other" names another profile than the AppArmor localhostProfile "k8s-web" of the pod; write "localhost/k8s-web", or remove the annotation (the field replaces it)`)],
  ])('%s', (_name, mutate, expected) => {
    const m = manifests();
    mutate(m);
    expect(validateManifests(m, { window: { oldest: '1.32', newest: '1.36' } })).toEqual([expected]);
  });

  test('annotations that agree with the fields pass', () => {
    const m = manifests();
    annotate(m, `${SECCOMP}web`, 'runtime/default');
    annotate(m, `${APPARMOR}web`, 'runtime/default');
    annotate(m, 'controller.kubernetes.io/pod-deletion-cost', '-100');
    expect(validateManifests(m)).toEqual([]);
  });
});
