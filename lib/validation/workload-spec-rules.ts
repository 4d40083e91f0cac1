/*
 * Enumerated and non-negative fields of StatefulSet, DaemonSet, CronJob and Job specs, and a claim's access modes, that the schemas
 * cannot check (apps validation.go ValidateStatefulSetSpec, ValidateDaemonSetUpdateStrategy; batch
 * validation.go validateJobSpec, ValidateCronJobSpec), with the rules the constructs use (lib/rules/workload-spec.ts).
 */
import { checkNonNegative, Findings, Json, record, show, string, Subject } from './context';
import { describe } from './names';
import {
  claimRetentionPolicy, concurrencyPolicy, daemonSetUpdateStrategy, podManagementPolicy, statefulSetUpdateStrategy,
} from '../rules/workloads';
import { accessMode, accessModeList, claimStorage, storageClassName } from '../rules/storage';

/** A PersistentVolumeClaim's storage request, class name and access modes (core validation.go ValidatePersistentVolumeClaimSpec). */
export function checkClaimSpec(subject: Subject, findings: Findings): void {
  const spec = record(subject.manifest.spec);
  if (!spec) return;
  const storage = record(record(spec.resources)?.requests)?.storage;
  const storageProblem = describe(claimStorage(storage, '"10Gi"'));
  if (storageProblem) {
    findings.error('claim-storage', subject, 'spec.resources.requests.storage', `resources.requests.storage ${show(storage)} ${storageProblem}`);
  }
  const className = spec.storageClassName;
  const classProblem = typeof className === 'string' ? describe(storageClassName(className)) : undefined;
  if (classProblem) findings.error('storage-class-name', subject, 'spec.storageClassName', `storageClassName ${show(className)} ${classProblem}`);
  if (!Array.isArray(spec.accessModes)) return;
  const modes = spec.accessModes.filter((m): m is string => typeof m === 'string');
  const listProblem = describe(accessModeList(modes));
  if (listProblem) findings.error('access-mode', subject, 'spec.accessModes', `accessModes ${show(modes)} ${listProblem}`);
  modes.forEach((mode, i) => {
    const problem = describe(accessMode(mode));
    if (problem) findings.error('access-mode', subject, `spec.accessModes[${i}]`, `access mode ${show(mode)} ${problem}`);
  });
}

export function checkWorkloadSpec(subject: Subject, spec: Json, findings: Findings): void {
  const { group, kind } = subject;
  const negative = (path: string, value: unknown): void => checkNonNegative(subject, path, value, findings);
  if (group === 'apps' && kind === 'StatefulSet') {
    const policy = string(spec.podManagementPolicy);
    const policyProblem = policy === undefined ? undefined : describe(podManagementPolicy(policy));
    if (policyProblem) {
      findings.error('statefulset-spec', subject, 'spec.podManagementPolicy', `podManagementPolicy ${show(policy)} ${policyProblem}`);
    }
    const strategy = record(spec.updateStrategy);
    const type = string(strategy?.type);
    const typeProblem = type === undefined ? undefined : describe(statefulSetUpdateStrategy(type));
    if (typeProblem) findings.error('statefulset-spec', subject, 'spec.updateStrategy.type', `updateStrategy.type ${show(type)} ${typeProblem}`);
    const rolling = record(strategy?.rollingUpdate);
    if (rolling && type === 'OnDelete') {
      findings.error('statefulset-spec', subject, 'spec.updateStrategy.rollingUpdate',
        'rollingUpdate may only be set when spec.updateStrategy.type is "RollingUpdate", got type "OnDelete"; remove rollingUpdate');
    }
    negative('spec.updateStrategy.rollingUpdate.partition', rolling?.partition);
    negative('spec.ordinals.start', record(spec.ordinals)?.start);
    const retention = record(spec.persistentVolumeClaimRetentionPolicy);
    for (const key of ['whenDeleted', 'whenScaled']) {
      const value = string(retention?.[key]);
      const problem = value === undefined ? undefined : describe(claimRetentionPolicy(value));
      if (problem) {
        findings.error('statefulset-spec', subject, `spec.persistentVolumeClaimRetentionPolicy.${key}`, `${key} ${show(value)} ${problem}`);
      }
    }
  } else if (group === 'apps' && kind === 'DaemonSet') {
    const type = string(record(spec.updateStrategy)?.type);
    const problem = type === undefined ? undefined : describe(daemonSetUpdateStrategy(type));
    if (problem) findings.error('rolling-update', subject, 'spec.updateStrategy.type', `updateStrategy.type ${show(type)} ${problem}`);
  } else if (group === 'batch' && kind === 'CronJob') {
    const policy = string(spec.concurrencyPolicy);
    const problem = policy === undefined ? undefined : describe(concurrencyPolicy(policy));
    if (problem) findings.error('concurrency-policy', subject, 'spec.concurrencyPolicy', `concurrencyPolicy ${show(policy)} ${problem}`);
    for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) negative(`spec.${field}`, spec[field]);
    const job = record(record(spec.jobTemplate)?.spec);
    for (const field of ['activeDeadlineSeconds', 'backoffLimit', 'completions', 'parallelism', 'ttlSecondsAfterFinished']) {
      negative(`spec.jobTemplate.spec.${field}`, job?.[field]);
    }
  } else if (group === 'batch' && kind === 'Job') {
    negative('spec.ttlSecondsAfterFinished', spec.ttlSecondsAfterFinished);
  }
}
