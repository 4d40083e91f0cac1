import { JsonPatch } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { MetadataProps, recommendedLabels } from './labels';
import { Problems } from './private/errors';
import { namespaceOf } from './private/names';
import { PodSecurityLevel } from './security';

export interface AppNamespaceProps extends MetadataProps {
  /**
   * `metadata.name` of the Namespace.
   * @default - the chart's namespace
   */
  readonly name?: string;
  /**
   * The Pod Security Standard the API server enforces for every pod in the namespace, through the
   * built-in Pod Security admission controller. Workloads opted down to baseline need `BASELINE` here.
   * @default PodSecurityLevel.RESTRICTED
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
   */
  readonly podSecurity?: PodSecurityLevel;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The Namespace an app's charts deploy into, created before them by `kubectl apply -f dist/`, with
 * Pod Security admission enforcing (and warning and auditing at) the chosen level.
 */
export class AppNamespace extends Construct {
  public readonly apiObject: k8s.KubeNamespace;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AppNamespaceProps = {}) {
    super(scope, id);
    const problems = new Problems(this);
    const name = props.name ?? namespaceOf(this);
    if (name === undefined || name.length > 63 || !DNS_LABEL.test(name)) {
      problems.add('name', name, 'is not a DNS-1123 label', 'pass name, or create the AppNamespace in a chart that has a namespace');
    }
    problems.report();
    this.name = name!;
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: {
          ...recommendedLabels(this, this.name, props),
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': level,
          'pod-security.kubernetes.io/audit': level,
        },
        annotations: props.annotations,
      },
    });
    // A Namespace is cluster-scoped: the chart's namespace must not be stamped on it.
    if (namespaceOf(this) !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
