import { JsonPatch } from 'cdk8s';
import * as k8s from './private/k8s';
import { Construct } from 'constructs';
import { checkLabelProps, MetadataProps, recommendedLabels } from './labels';
import { PatternConstruct, Problems } from './private/construct-base';
import { checkObjectName, namespaceOf } from './private/names';
import { dns1123Label } from './rules/names';
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

/**
 * The Namespace an app's charts deploy into, created before them by `kubectl apply -f dist/`, with
 * Pod Security admission enforcing (and warning and auditing at) the chosen level.
 */
export class AppNamespace extends PatternConstruct {
  public readonly apiObject: k8s.KubeNamespace;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AppNamespaceProps = {}) {
    super(scope, id);
    const name = props.name ?? namespaceOf(this);
    const meta = this.checkProps((problems) => checkNamespaceProps(name, props, problems));
    this.name = name!;
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: {
          ...recommendedLabels(this, this.name, meta),
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

function checkNamespaceProps(name: string | undefined, props: AppNamespaceProps, problems: Problems): AppNamespaceProps {
  if (name === undefined) {
    const { message, rule } = dns1123Label('')!;
    problems.add('name', name, message, 'pass name, or create the AppNamespace in a chart that has a namespace', rule);
  } else {
    checkObjectName(name, problems, 'dns1123-label', { hint: 'pass name, or give the chart a valid namespace' });
  }
  return checkLabelProps(props, problems);
}
