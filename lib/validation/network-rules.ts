/*
 * API-server rules for Service, Ingress, HorizontalPodAutoscaler and PodDisruptionBudget
 * (pkg/apis/{core,networking,autoscaling,policy}/validation).
 */
import { checkIntOrPercent, checkLabels, checkSelector } from './label-rules';
import { Findings, isRecord, Json, number, record, records, show, string, Subject } from './context';
import {
  cidr as cidrRule, cidrExcept, hostname, networkCidr, nodePort as nodePortRule, policyEndPort, policyPeer, policyTypeCount, quotedPortNumber,
} from '../rules/network';
import { singleBudget } from '../rules/disruption';
import { ingressPath } from '../rules/routes';
import { servicePortClash, servicePortNameClash } from '../rules/ports';
import { behaviorSeconds, maxReplicas, minReplicas, scalingPolicyList, scalingPolicyType, scalingPolicyValue, selectPolicy } from '../rules/scaling';
import { describe, dns1035Label, dns1123Label, dns1123Subdomain, ianaServiceName, portNumber } from './names';
import { positiveQuantity, quantity } from '../rules/quantities';

export function checkNetworkRules(subject: Subject, findings: Findings): void {
  const spec = record(subject.manifest.spec);
  if (!spec) return;
  const { group, kind } = subject;
  if (group === '' && kind === 'Service') checkService(subject, spec, findings);
  else if (group === 'networking.k8s.io' && kind === 'Ingress') checkIngress(subject, spec, findings);
  else if (group === 'autoscaling' && kind === 'HorizontalPodAutoscaler') checkHpa(subject, spec, findings);
  else if (group === 'policy' && kind === 'PodDisruptionBudget') checkPdb(subject, spec, findings);
  else if (group === 'networking.k8s.io' && kind === 'NetworkPolicy') checkNetworkPolicy(subject, spec, findings);
}

function checkService(subject: Subject, spec: Json, findings: Findings): void {
  const type = string(spec.type) ?? 'ClusterIP';
  checkLabels(subject, 'spec.selector', spec.selector, findings);
  if (type === 'ExternalName') checkExternalName(subject, spec.externalName, findings);
  const ports = records(spec.ports);
  if (ports.length === 0 && type !== 'ExternalName' && spec.clusterIP !== 'None') {
    findings.error('service-ports', subject, 'spec.ports',
      `a ${type} Service needs at least one port, got none; add ports (only headless and ExternalName Services may omit them)`);
  }
  const seen = new Map<string, number>();
  const names = new Map<string, number>();
  ports.forEach((port, i) => {
    const name = string(port.name);
    const at = `spec.ports[${name ? `name=${name}` : i}]`;
    const protocol = string(port.protocol) ?? 'TCP';
    const value = number(port.port);
    const portProblem = value === undefined ? undefined : portNumber(value);
    if (portProblem) findings.error('port-range', subject, `${at}.port`, `port ${value} ${portProblem}`);
    const key = `${value}/${protocol}`;
    if (value !== undefined && seen.has(key)) {
      findings.error('service-port-unique', subject, `${at}.port`,
        `port ${value} ${describe(servicePortClash(`spec.ports[${seen.get(key)}]`, protocol))}`);
    }
    seen.set(key, i);
    if (name === undefined || name === '') {
      if (ports.length > 1) findings.error('service-port-name', subject, `${at}.name`,
        `a Service with ${ports.length} ports must name every port; name port ${value} (e.g. `
        + `${show(protocol === 'TCP' && value === 443 ? 'https' : value === 80 ? 'http' : `port-${value}`)})`);
    } else {
      const problem = dns1123Label(name);
      if (problem) findings.error('service-port-name', subject, `${at}.name`, `port name ${show(name)} ${problem}`);
      else if (names.has(name)) findings.error('service-port-name', subject, `${at}.name`,
        `port name ${show(name)} ${describe(servicePortNameClash(`spec.ports[${names.get(name)}]`))}`);
      if (!names.has(name)) names.set(name, i);
    }
    const target = port.targetPort;
    if (typeof target === 'number' && portNumber(target)) {
      findings.error('port-range', subject, `${at}.targetPort`, `targetPort ${target} ${portNumber(target)}`);
    } else if (typeof target === 'string' && quotedPortNumber(target)) {
      findings.error('port-name', subject, `${at}.targetPort`, `targetPort ${show(target)} ${describe(quotedPortNumber(target))}`);
    } else if (typeof target === 'string') {
      const problem = ianaServiceName(target);
      if (problem) findings.error('port-name', subject, `${at}.targetPort`, `targetPort name ${show(target)} ${problem}`);
    }
    const nodePort = number(port.nodePort);
    if (nodePort !== undefined && nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') {
        findings.error('node-port', subject, `${at}.nodePort`,
          `nodePort ${nodePort} may only be set when type is NodePort or LoadBalancer, got type ${show(type)}; remove nodePort or change the type`);
      } else if (nodePortRule(nodePort)) {
        findings.error('node-port', subject, `${at}.nodePort`, `nodePort ${nodePort} ${describe(nodePortRule(nodePort))}`);
      }
    }
  });
}

/**
 * pkg/apis/core/validation/validation.go ValidateService, ExternalName: "The value (a CNAME) may have
 * a trailing dot to denote it as fully qualified", so one trailing dot is trimmed, then the rest
 * must be a non-empty DNS-1123 subdomain.
 */
function checkExternalName(subject: Subject, value: unknown, findings: Findings): void {
  if (value === undefined) {
    findings.error('external-name', subject, 'spec.externalName',
      'a Service of type ExternalName needs spec.externalName, got nothing; set it to the host name the Service is an alias for');
    return;
  }
  const name = string(value);
  if (name === undefined) return; // the schema reports the wrong type
  const clean = name.endsWith('.') ? name.slice(0, -1) : name;
  const problem = clean === '' ? 'must not be empty' : dns1123Subdomain(clean);
  if (problem) {
    findings.error('external-name', subject, 'spec.externalName',
      `externalName ${show(name)} ${problem}; write a host name like "api.example.com" (one trailing dot is allowed)`);
  }
}

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];

function article(word: string): string {
  return /^[AEIO]/i.test(word) ? 'an' : 'a'; // "a Utilization": U sounds like "you"
}

function checkIngress(subject: Subject, spec: Json, findings: Findings): void {
  const rules = records(spec.rules);
  const defaultBackend = record(spec.defaultBackend);
  if (rules.length === 0 && !defaultBackend) {
    findings.error('ingress-backend', subject, 'spec', 'an Ingress needs rules or a defaultBackend, got neither; add a rule with a path and backend');
  }
  if (defaultBackend) checkIngressBackend(subject, 'spec.defaultBackend', defaultBackend, findings);
  rules.forEach((rule, i) => {
    const host = string(rule.host);
    const at = `spec.rules[${i}]`;
    if (host !== undefined) {
      const problem = describe(hostname(host, 'Ingress host'));
      if (problem) findings.error('ingress-host', subject, `${at}.host`, `host ${show(host)} ${problem}`);
    }
    records(record(rule.http)?.paths).forEach((p, j) => {
      const pathAt = `${at}.http.paths[${j}]`;
      const pathType = string(p.pathType);
      const path = string(p.path);
      if (pathType === undefined) {
        findings.error('ingress-path-type', subject, `${pathAt}.pathType`,
          `missing pathType for path ${show(path)}; set "Prefix" (matches ${show(path ?? '/')} and everything below it), "Exact" or `
          + `"ImplementationSpecific"`);
      } else if (!PATH_TYPES.includes(pathType)) {
        findings.error('ingress-path-type', subject, `${pathAt}.pathType`,
          `pathType must be "Exact", "Prefix" or "ImplementationSpecific", got ${show(pathType)}`);
      }
      // An ImplementationSpecific path is the controller's to judge.
      const pathProblem = pathType === 'Exact' || pathType === 'Prefix' ? describe(ingressPath(path ?? '', pathType)) : undefined;
      if (pathProblem) findings.error('ingress-path', subject, `${pathAt}.path`, `path ${show(path ?? '')} ${pathProblem}`);
      const backend = record(p.backend);
      if (backend) checkIngressBackend(subject, `${pathAt}.backend`, backend, findings);
    });
  });
}

function checkIngressBackend(subject: Subject, path: string, backend: Json, findings: Findings): void {
  const service = record(backend.service);
  if (!!service === !!record(backend.resource)) {
    findings.error('ingress-backend', subject, path, `a backend must set exactly one of service or resource, got ${service ? 'both' : 'neither'}`);
  }
  if (!service) return;
  const name = string(service.name);
  const nameProblem = name === undefined ? undefined : dns1035Label(name);
  if (nameProblem) findings.error('ingress-backend', subject, `${path}.service.name`, `service name ${show(name)} ${nameProblem}`);
  const port = record(service.port);
  const hasName = typeof port?.name === 'string' && port.name !== '';
  const hasNumber = port?.number !== undefined;
  if (hasName === hasNumber) {
    findings.error('ingress-backend', subject, `${path}.service.port`,
      `service port must set exactly one of name or number, got ${hasName ? 'both' : `neither (${show(service.port)})`}`);
  } else if (hasNumber && (typeof port?.number !== 'number' || portNumber(port.number))) {
    findings.error('port-range', subject, `${path}.service.port.number`, `port number ${show(port?.number)} ${portNumber(Number(port?.number))}`);
  } else if (hasName) {
    const problem = ianaServiceName(String(port?.name));
    if (problem) findings.error('port-name', subject, `${path}.service.port.name`, `port name ${show(port?.name)} ${problem}`);
  }
}

const METRIC_SOURCES: Record<string, string> = { Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object',
  External: 'external' };

function checkHpa(subject: Subject, spec: Json, findings: Findings): void {
  const min = number(spec.minReplicas) ?? 1;
  const max = number(spec.maxReplicas);
  const minProblem = describe(minReplicas(min));
  if (minProblem) findings.error('hpa-replicas', subject, 'spec.minReplicas', `minReplicas ${min} ${minProblem}`);
  const maxProblem = max === undefined ? undefined : describe(maxReplicas(max, min));
  if (maxProblem) findings.error('hpa-replicas', subject, 'spec.maxReplicas', `maxReplicas ${max} ${maxProblem}`);
  if (subject.apiVersion === 'autoscaling/v1') {
    const target = number(spec.targetCPUUtilizationPercentage);
    if (target !== undefined && target < 1) findings.error('hpa-metric', subject, 'spec.targetCPUUtilizationPercentage',
      `targetCPUUtilizationPercentage must be at least 1, got ${target}`);
    return;
  }
  records(spec.metrics).forEach((metric, i) => checkMetric(subject, `spec.metrics[${i}]`, metric, findings));
  const behavior = record(spec.behavior);
  for (const direction of ['scaleUp', 'scaleDown']) {
    const rules = record(behavior?.[direction]);
    if (rules) checkScalingRules(subject, `spec.behavior.${direction}`, rules, findings);
  }
}

function checkMetric(subject: Subject, path: string, metric: Json, findings: Findings): void {
  const type = string(metric.type) ?? '';
  const field = Object.prototype.hasOwnProperty.call(METRIC_SOURCES, type) ? METRIC_SOURCES[type] : undefined;
  if (!field) {
    findings.error('hpa-metric', subject, `${path}.type`,
      `metric type must be one of ${Object.keys(METRIC_SOURCES).join(', ')}, got ${show(metric.type)}`);
    return;
  }
  const source = record(metric[field]);
  const others = Object.values(METRIC_SOURCES).filter((f) => f !== field && metric[f] !== undefined);
  if (!source || others.length) {
    findings.error('hpa-metric', subject, path,
      `${article(type)} ${type} metric must set ${field}${others.length ? ` and nothing else (also got ${others.join(', ')})` : ', got nothing'}`);
    return;
  }
  const target = record(source.target);
  if (!target) return; // required by the schema
  const at = `${path}.${field}.target`;
  const targetType = string(target.type);
  const resourceLike = type === 'Resource' || type === 'ContainerResource';
  const allowed = resourceLike ? ['Utilization', 'AverageValue'] : type === 'Pods' ? ['AverageValue'] : ['Value', 'AverageValue'];
  if (!targetType || !allowed.includes(targetType)) {
    findings.error('hpa-metric', subject, `${at}.type`,
      `${article(type)} ${type} metric target type must be ${allowed.map((a) => JSON.stringify(a)).join(' or ')}, got ${show(target.type)}`);
    return;
  }
  const field2 = targetType === 'Utilization' ? 'averageUtilization' : targetType === 'AverageValue' ? 'averageValue' : 'value';
  const stray = ['averageUtilization', 'averageValue', 'value'].filter((f) => f !== field2 && target[f] !== undefined);
  if (target[field2] === undefined) {
    findings.error('hpa-metric', subject, `${at}.${field2}`,
      `${article(targetType)} ${targetType} target needs ${field2}${stray.length ? `, got ${stray.join(' and ')} instead` : ''}; e.g. `
      + `${targetType === 'Utilization' ? 'averageUtilization: 70 (percent of the request)' : `${field2}: "100m"`}`);
  } else if (stray.length) {
    findings.error('hpa-metric', subject, `${at}.${stray[0]}`,
      `${article(targetType)} ${targetType} target uses only ${field2}; remove ${stray.join(' and ')}`);
  }
  if (target.averageUtilization !== undefined && !(number(target.averageUtilization)! >= 1)) {
    findings.error('hpa-metric', subject, `${at}.averageUtilization`,
      `averageUtilization must be greater than 0, got ${show(target.averageUtilization)}`);
  }
  for (const quantityField of ['averageValue', 'value']) {
    if (target[quantityField] === undefined) continue;
    const problem = describe(quantity(target[quantityField]) ?? positiveQuantity(target[quantityField], '"100m"'));
    if (problem) findings.error('hpa-metric', subject, `${at}.${quantityField}`, `${quantityField} ${show(target[quantityField])} ${problem}`);
  }
}

function checkScalingRules(subject: Subject, path: string, rules: Json, findings: Findings): void {
  const window = number(rules.stabilizationWindowSeconds);
  // A fraction is the schema's to report (integer), as for the fields below.
  const windowProblem = window === undefined || !Number.isInteger(window) ? undefined : describe(behaviorSeconds(window, 'stabilizationWindow'));
  if (windowProblem) {
    findings.error('hpa-behavior', subject, `${path}.stabilizationWindowSeconds`, `stabilizationWindowSeconds ${window} ${windowProblem}`);
  }
  const select = string(rules.selectPolicy);
  const selectProblem = select === undefined ? undefined : describe(selectPolicy(select));
  if (selectProblem) findings.error('hpa-behavior', subject, `${path}.selectPolicy`, `selectPolicy ${show(select)} ${selectProblem}`);
  const listProblem = Array.isArray(rules.policies) ? describe(scalingPolicyList(rules.policies.length)) : undefined;
  if (listProblem) findings.error('hpa-behavior', subject, `${path}.policies`, `policies ${show(rules.policies)} ${listProblem}`);
  records(rules.policies).forEach((policy, i) => {
    const at = `${path}.policies[${i}]`;
    const typeProblem = describe(scalingPolicyType(policy.type));
    if (typeProblem) findings.error('hpa-behavior', subject, `${at}.type`, `policy type ${show(policy.type)} ${typeProblem}`);
    const value = number(policy.value);
    const valueProblem = value !== undefined && !Number.isInteger(value) ? undefined : describe(scalingPolicyValue(value ?? 0));
    if (valueProblem) findings.error('hpa-behavior', subject, `${at}.value`, `policy value ${show(policy.value)} ${valueProblem}`);
    const period = number(policy.periodSeconds);
    const periodProblem = period !== undefined && !Number.isInteger(period) ? undefined : describe(behaviorSeconds(period ?? 0, 'period'));
    if (periodProblem) {
      findings.error('hpa-behavior', subject, `${at}.periodSeconds`, `policy periodSeconds ${show(policy.periodSeconds)} ${periodProblem}`);
    }
  });
}

function checkPdb(subject: Subject, spec: Json, findings: Findings): void {
  checkSelector(subject, 'spec.selector', record(spec.selector), findings);
  const both = describe(singleBudget(spec.minAvailable, spec.maxUnavailable));
  if (both) findings.error('pdb-min-max', subject, 'spec', `minAvailable (${show(spec.minAvailable)}) ${both}`);
  checkIntOrPercent(subject, 'pdb-min-max', 'spec.minAvailable', spec.minAvailable, findings);
  checkIntOrPercent(subject, 'pdb-min-max', 'spec.maxUnavailable', spec.maxUnavailable, findings);
}

/**
 * pkg/apis/networking/validation/validation.go ValidateNetworkPolicySpec: the pod selector, each rule's ports and peers,
 * the number of policyTypes (their values and the ports' protocols are enumerations, enum-rules.ts). Paths are built
 * only for what is there to check: a rule without ports or peers costs nothing.
 */
function checkNetworkPolicy(subject: Subject, spec: Json, findings: Findings): void {
  checkSelector(subject, 'spec.podSelector', record(spec.podSelector), findings);
  checkPolicyRules(subject, spec.ingress, 'ingress', 'from', findings);
  checkPolicyRules(subject, spec.egress, 'egress', 'to', findings);
  const types = spec.policyTypes;
  const countProblem = Array.isArray(types) ? describe(policyTypeCount(types.length)) : undefined;
  if (countProblem) findings.error('policy-types', subject, 'spec.policyTypes', `policyTypes ${show(types)} ${countProblem}`);
}

function checkPolicyRules(subject: Subject, rules: unknown, direction: 'ingress' | 'egress', peers: 'from' | 'to', findings: Findings): void {
  if (!Array.isArray(rules)) return;
  for (let i = 0; i < rules.length; i++) {
    const rule: unknown = rules[i];
    if (!isRecord(rule)) continue;
    const ports = rule.ports;
    if (Array.isArray(ports)) {
      for (let j = 0; j < ports.length; j++) {
        const port: unknown = ports[j];
        if (isRecord(port)) checkPolicyPort(subject, direction, i, j, port, findings);
      }
    }
    const list = rule[peers];
    if (Array.isArray(list)) {
      for (let j = 0; j < list.length; j++) {
        const peer: unknown = list[j];
        if (isRecord(peer)) checkPolicyPeer(subject, `spec.${direction}[${i}].${peers}[${j}]`, peer, findings);
      }
    }
  }
}

/** ValidateNetworkPolicyPort: a port number or an IANA name, and endPort only after a numeric port, not below it. */
function checkPolicyPort(subject: Subject, direction: string, i: number, j: number, port: Json, findings: Findings): void {
  const value = port.port;
  if (typeof value === 'number') {
    const problem = portNumber(value);
    if (problem) findings.error('port-range', subject, `spec.${direction}[${i}].ports[${j}].port`, `port ${value} ${problem}`);
  } else if (typeof value === 'string') {
    const problem = describe(quotedPortNumber(value)) ?? ianaServiceName(value);
    if (problem) findings.error('port-name', subject, `spec.${direction}[${i}].ports[${j}].port`, `port ${show(value)} ${problem}`);
  }
  const endPort = number(port.endPort);
  const endProblem = endPort === undefined ? undefined : describe(policyEndPort(endPort, value));
  if (endProblem) findings.error('policy-end-port', subject, `spec.${direction}[${i}].ports[${j}].endPort`, `endPort ${endPort} ${endProblem}`);
}

/** ValidateNetworkPolicyPeer and ValidateIPBlock: one kind of peer, valid selectors, CIDRs, and except blocks inside cidr. */
function checkPolicyPeer(subject: Subject, path: string, peer: Json, findings: Findings): void {
  const podSelector = record(peer.podSelector);
  const namespaceSelector = record(peer.namespaceSelector);
  const ipBlock = record(peer.ipBlock);
  const shapeProblem = describe(policyPeer(!!podSelector, !!namespaceSelector, !!ipBlock));
  if (shapeProblem) findings.error('policy-peer', subject, path, `peer ${show(peer)} ${shapeProblem}`);
  checkSelector(subject, `${path}.podSelector`, podSelector, findings);
  checkSelector(subject, `${path}.namespaceSelector`, namespaceSelector, findings);
  if (!ipBlock) return;
  const cidr = string(ipBlock.cidr);
  if (cidr === undefined || !checkCidr(subject, `${path}.ipBlock.cidr`, 'cidr', cidr, findings)) return;
  const except = ipBlock.except;
  if (!Array.isArray(except)) return;
  except.forEach((block, k) => {
    const at = `${path}.ipBlock.except[${k}]`;
    if (typeof block !== 'string' || !checkCidr(subject, at, 'except', block, findings)) return;
    const problem = describe(cidrExcept(block, cidr));
    if (problem) findings.error('cidr-except', subject, at, `except ${show(block)} ${problem}`);
  });
}

/**
 * A CIDR of an ipBlock: an error when it is none (IsValidCIDRForLegacyField); a warning when bits are set after the
 * prefix, which API servers accept unless the StrictIPCIDRValidation feature gate is on (and then refuse). The
 * NetworkPolicy construct refuses both (networkCidr). Returns whether the value is a CIDR.
 */
function checkCidr(subject: Subject, path: string, field: string, value: string, findings: Findings): boolean {
  const invalid = describe(cidrRule(value));
  if (invalid) {
    findings.error('cidr', subject, path, `${field} ${show(value)} ${invalid}`);
    return false;
  }
  const hostBits = describe(networkCidr(value));
  if (hostBits) findings.warning('cidr', subject, path, `${field} ${show(value)} ${hostBits}`);
  return true;
}
