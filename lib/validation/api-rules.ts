/*
 * API-server validation the OpenAPI schema cannot express (k8s.io/kubernetes/pkg/apis/<group>/validation):
 * object names and metadata, and workload-level rules. Pod-level rules are in pod-rules.ts;
 * Service, Ingress, HPA and PDB rules in network-rules.ts.
 */
import { checkNonNegative, Findings, isRecord, join, Json, number, record, show, string, Subject } from './context';
import { intOrPercent as intOrPercentRule, surgeIntOrPercent } from '../rules/int-or-percent';
import { checkIntOrPercent, checkLabels, checkSelector } from './label-rules';
import { dns1035Label, dns1123Label, dns1123Subdomain, pathSegmentName, qualifiedName } from './names';
import { checkNetworkRules } from './network-rules';
import { checkPodRules } from './pod-rules';
import { describeSelector, missingPodSpec, podTemplate, selectorIsEmpty, selectorMatches } from './workloads';
import { cronSchedule, timeZone } from '../rules/cron';
import { daemonSetSurge, rolloutProgress } from '../rules/workloads';
import { describe } from './names';
import { checkJobPolicies } from './job-rules';
import { checkClaimSpec, checkWorkloadSpec } from './workload-spec-rules';
import { checkEnumFields } from './enum-rules';
import { checkPodAnnotations } from './pod-annotation-rules';
import { checkRbacRules } from './rbac-rules';

const RBAC = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const SELECTING_WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

export function checkApiRules(subjects: readonly Subject[], findings: Findings): void {
  for (const subject of subjects) {
    checkMetadata(subject, 'metadata', findings);
    const template = podTemplate(subject);
    if (template) {
      if (template.templatePath) checkMetadata(subject, `${template.templatePath}.metadata`, findings);
      checkPodRules(template, findings);
      checkPodAnnotations(template, findings);
    } else {
      checkPodSpecPresent(subject, findings);
    }
    // ReplicationController is core/v1 but a workload all the same (ValidateReplicationControllerSpec).
    const workload = subject.group === 'apps' || subject.group === 'batch' || (subject.group === '' && subject.kind === 'ReplicationController');
    if (workload) checkWorkload(subject, findings);
    if (subject.group === '' && subject.kind === 'PersistentVolumeClaim') checkClaimSpec(subject, findings);
    if (subject.group === 'rbac.authorization.k8s.io') checkRbacRules(subject, findings);
    checkNetworkRules(subject, findings);
    checkEnumFields(subject, template?.spec, template?.specPath ?? '', findings);
  }
}

/**
 * ValidatePodSpec requires containers (validateContainers: "must have at least one container"), and
 * a pod template its spec (ValidatePodTemplateSpec); a workload whose template has no spec has none.
 */
function checkPodSpecPresent(subject: Subject, findings: Findings): void {
  const found = missingPodSpec(subject);
  if (!found) return;
  const { missing, specPath } = found;
  findings.error('containers-required', subject, missing,
    `${subject.kind} has no ${missing}, so its pods have no containers; the API server requires at least one container: add ${specPath}.containers`);
}

function checkName(subject: Subject, metadata: Json | undefined, findings: Findings): void {
  const name = string(metadata?.name);
  if (name === undefined) {
    if (string(metadata?.generateName) === undefined) findings.error('dns1123-name', subject, 'metadata.name',
      'missing metadata.name; every object needs a name (or generateName, which cdk8s apps rarely want)');
    return;
  }
  const { kind } = subject;
  const [rule, problem] = kind === 'Service' ? ['dns1035-name', dns1035Label(name)]
    : kind === 'Namespace' || kind === 'StatefulSet' ? ['dns1123-name', dns1123Label(name)]
      : RBAC.has(kind) ? ['path-segment-name', pathSegmentName(name)]
        : ['dns1123-name', dns1123Subdomain(name)];
  if (problem) {
    findings.error(rule, subject, 'metadata.name', `${kind} name ${show(name)} ${problem}`);
  } else if (kind === 'CronJob' && name.length > 52) {
    // Jobs are named <cronjob>-<11 digit timestamp>, which must still fit in 63 characters.
    findings.error('dns1123-name', subject, 'metadata.name',
      `CronJob name ${show(name)} has ${name.length} characters; it must be at most 52 so that its Jobs' names fit in 63`);
  }
}

/** Name (top level only), namespace, labels and annotations of an object or a pod template. */
function checkMetadata(subject: Subject, path: string, findings: Findings): void {
  const metadata = record(path === 'metadata' ? subject.manifest.metadata : valueAtPath(subject.manifest, path));
  if (path === 'metadata') {
    checkName(subject, metadata, findings);
    const namespace = string(metadata?.namespace);
    const problem = namespace === undefined ? undefined : dns1123Label(namespace);
    if (problem) findings.error('dns1123-namespace', subject, 'metadata.namespace', `namespace ${show(namespace)} ${problem}`);
  }
  checkLabels(subject, join(path, 'labels'), metadata?.labels, findings);
  const annotations = record(metadata?.annotations);
  if (!annotations) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    bytes += key.length + (typeof value === 'string' ? value.length : 0);
    const problem = qualifiedName(key, 'annotation');
    if (problem) findings.error('annotation-key', subject, `${path}.annotations[${JSON.stringify(key)}]`, `annotation key ${show(key)} ${problem}`);
  }
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    findings.error('annotation-size', subject, `${path}.annotations`,
      `annotations total ${bytes} bytes; the API server accepts at most ${MAX_ANNOTATIONS_BYTES} (256 KiB): move large data to a ConfigMap`);
  }
}

function valueAtPath(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) node = isRecord(node) ? node[key] : undefined;
  return node;
}

function checkWorkload(subject: Subject, findings: Findings): void {
  const { kind, manifest } = subject;
  const spec = record(manifest.spec);
  if (!spec) return;
  for (const field of ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds', 'activeDeadlineSeconds', 'backoffLimit',
    'completions', 'parallelism']) {
    checkNonNegative(subject, `spec.${field}`, spec[field], findings);
  }
  const template = podTemplate(subject);
  const restartPolicy = string(template?.spec.restartPolicy);
  const batch = kind === 'Job' || kind === 'CronJob';
  // A value that is no restart policy at all is reported once, by the pod rules.
  if (template && batch && (restartPolicy === undefined || restartPolicy === 'Always')) {
    findings.error('restart-policy', subject, `${template.specPath}.restartPolicy`,
      `a ${kind}'s pods must set restartPolicy "OnFailure" or "Never", got ${show(restartPolicy)} (unset means "Always", which the API server `
      + `rejects for Jobs)`);
  } else if (template && !batch && (restartPolicy === 'OnFailure' || restartPolicy === 'Never')) {
    findings.error('restart-policy', subject, `${template.specPath}.restartPolicy`,
      `a ${kind}'s pods must use restartPolicy "Always", got ${show(restartPolicy)}; remove it, or use a Job for run-to-completion work`);
  }
  if (kind === 'CronJob') checkCronJob(subject, spec, findings);
  const jobSpec = kind === 'Job' ? spec : kind === 'CronJob' ? record(record(spec.jobTemplate)?.spec) : undefined;
  checkWorkloadSpec(subject, spec, findings);
  if (jobSpec && subject.group === 'batch') checkJobPolicies(subject, kind === 'Job' ? 'spec' : 'spec.jobTemplate.spec', jobSpec, findings);
  if (!SELECTING_WORKLOADS.has(kind)) return;

  const selector = record(spec.selector);
  checkSelector(subject, 'spec.selector', selector, findings);
  if (selectorIsEmpty(selector)) {
    findings.error('selector-required', subject, 'spec.selector',
      `${kind} spec.selector must have matchLabels or matchExpressions, got ${show(spec.selector)}; select the pod template's labels, e.g. `
      + `matchLabels ${show(template?.labels ?? {})}`);
  } else if (template && selector && !selectorMatches(selector, template.labels)) {
    findings.error('selector-matches-template', subject, 'spec.selector',
      `spec.selector (${describeSelector(selector)}) does not match the pod template labels (${describeSelector(template.labels)}); add the selected `
      + `labels to ${template.templatePath}.metadata.labels`);
  }

  if (kind === 'Deployment') {
    checkRollout(subject, 'spec.strategy', record(spec.strategy), findings);
    const minReady = number(spec.minReadySeconds) ?? 0;
    const deadline = number(spec.progressDeadlineSeconds) ?? 600;
    if (deadline <= minReady) {
      findings.error('progress-deadline', subject, 'spec.progressDeadlineSeconds',
        `progressDeadlineSeconds (${deadline}${spec.progressDeadlineSeconds === undefined ? ', the default' : ''}) must be greater than `
        + `minReadySeconds (${minReady}); raise progressDeadlineSeconds or lower minReadySeconds`);
    }
  } else if (kind === 'DaemonSet') {
    checkRollout(subject, 'spec.updateStrategy', record(spec.updateStrategy), findings);
  }
}

/** A CronJob's schedule and time zone, with the rules its construct checks its props with. */
function checkCronJob(subject: Subject, spec: Json, findings: Findings): void {
  if (typeof spec.schedule === 'string') {
    const problem = describe(cronSchedule(spec.schedule));
    if (problem) findings.error('cron-schedule', subject, 'spec.schedule', `schedule ${show(spec.schedule)} ${problem}`);
  }
  if (typeof spec.timeZone === 'string') {
    const problem = describe(timeZone(spec.timeZone));
    if (problem) findings.error('time-zone', subject, 'spec.timeZone', `timeZone ${show(spec.timeZone)} ${problem}`);
  }
}

/** Deployment `strategy` / DaemonSet `updateStrategy`. */
function checkRollout(subject: Subject, path: string, strategy: Json | undefined, findings: Findings): void {
  const type = string(strategy?.type) ?? 'RollingUpdate';
  const rolling = record(strategy?.rollingUpdate);
  if (type !== 'RollingUpdate') {
    if (rolling) findings.error('rolling-update', subject, `${path}.rollingUpdate`,
      `rollingUpdate may only be set when ${path}.type is "RollingUpdate", got type ${show(type)}; remove rollingUpdate`);
    return;
  }
  const isDeployment = subject.kind === 'Deployment';
  // A Deployment's maxSurge has no 100% cap; a DaemonSet's has (apps validation.go).
  const surgeRule = isDeployment ? surgeIntOrPercent : intOrPercentRule;
  const surge = checkIntOrPercent(subject, 'rolling-update', `${path}.rollingUpdate.maxSurge`, rolling?.maxSurge, findings, surgeRule);
  const unavailable = checkIntOrPercent(subject, 'rolling-update', `${path}.rollingUpdate.maxUnavailable`, rolling?.maxUnavailable, findings);
  // Defaults: Deployment 25%/25%, DaemonSet maxSurge 0 / maxUnavailable 1.
  const surgeValue = rolling?.maxSurge === undefined ? (isDeployment ? 25 : 0) : surge?.value;
  const unavailableValue = rolling?.maxUnavailable === undefined ? 1 : unavailable?.value;
  const surgeProblem = isDeployment || surgeValue === undefined || unavailableValue === undefined ? undefined
    : describe(daemonSetSurge(surgeValue, unavailableValue, show(rolling?.maxUnavailable ?? 1)));
  if (surgeProblem) {
    findings.error('rolling-update', subject, `${path}.rollingUpdate.maxSurge`, `maxSurge (${show(rolling?.maxSurge)}) ${surgeProblem}`);
  }
  const progressProblem = surgeValue === undefined || unavailableValue === undefined ? undefined
    : describe(rolloutProgress(surgeValue, unavailableValue, isDeployment ? 'Deployment' : 'DaemonSet'));
  if (progressProblem) {
    findings.error('rolling-update', subject, `${path}.rollingUpdate`, `maxUnavailable (${show(rolling?.maxUnavailable)}) ${progressProblem}`);
  }
}
