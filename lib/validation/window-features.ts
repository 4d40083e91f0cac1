import { KubernetesFeature, requireFeature } from '../kubernetes-version';
import { Findings, record, records, ResolvedOptions, string, Subject } from './context';
import { podTemplate } from './workloads';

/**
 * Fields whose feature the window's oldest release lacks (see KUBERNETES_FEATURES). The schemas
 * cannot tell: most such fields are in the OpenAPI of the release that added them as alpha, and the
 * API server silently drops a field whose feature gate is off, so the manifest applies and does
 * not do what it says.
 */
export function checkWindowFeatures(subjects: readonly Subject[], options: ResolvedOptions, findings: Findings): void {
  for (const subject of subjects) {
    for (const [feature, path] of featuresUsed(subject)) {
      const problem = requireFeature(options.window, feature);
      if (problem) findings.error('kubernetes-window', subject, path, problem.message);
    }
  }
}

function featuresUsed(subject: Subject): [KubernetesFeature, string][] {
  const used: [KubernetesFeature, string][] = [];
  const { manifest, group, kind } = subject;
  const spec = record(manifest.spec);
  const template = podTemplate(subject);
  if (template) {
    for (const key of ['initContainers', 'containers']) {
      records(template.spec[key]).forEach((container, i) => {
        const name = string(container.name);
        const at = `${template.specPath}.${key}[${name ? `name=${name}` : i}]`;
        if (key === 'initContainers' && container.restartPolicy === 'Always') used.push(['nativeSidecars', `${at}.restartPolicy`]);
        if (container.resizePolicy !== undefined && container.resizePolicy !== null) used.push(['containerResizePolicy', `${at}.resizePolicy`]);
      });
    }
  }
  if (!spec) return used;
  const has = (field: string): boolean => spec[field] !== undefined && spec[field] !== null;
  if (group === '' && kind === 'Service' && has('trafficDistribution')) {
    const value = spec.trafficDistribution;
    const preferSame = value === 'PreferSameZone' || value === 'PreferSameNode';
    used.push([preferSame ? 'trafficDistributionPreferSame' : 'serviceTrafficDistribution', 'spec.trafficDistribution']);
  }
  if (group === 'policy' && kind === 'PodDisruptionBudget' && has('unhealthyPodEvictionPolicy')) {
    used.push(['pdbUnhealthyPodEvictionPolicy', 'spec.unhealthyPodEvictionPolicy']);
  }
  if (group === 'apps' && kind === 'StatefulSet' && has('ordinals')) used.push(['statefulSetOrdinals', 'spec.ordinals']);
  const [jobSpec, jobPath] = group === 'batch' && kind === 'Job' ? [spec, 'spec']
    : group === 'batch' && kind === 'CronJob' ? [record(record(spec.jobTemplate)?.spec), 'spec.jobTemplate.spec'] : [undefined, ''];
  const jobFields: [KubernetesFeature, string][] = [
    ['jobPodReplacementPolicy', 'podReplacementPolicy'], ['jobSuccessPolicy', 'successPolicy'],
  ];
  for (const [feature, field] of jobFields) {
    if (jobSpec?.[field] !== undefined && jobSpec[field] !== null) used.push([feature, `${jobPath}.${field}`]);
  }
  return used;
}
