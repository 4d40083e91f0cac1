import { JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as k8s from './private/k8s';
import { checkLabelProps, MetadataProps, recommendedLabels } from './labels';
import { PatternConstruct, Problems, propsError } from './private/construct-base';
import { checkObjectName, namespaceOf, objectName } from './private/names';
import { isDns1123Subdomain } from './rules/names';
import { policyRuleList, RBAC_RESOURCE_GROUPS, RbacResource, rbacNamespacedResource } from './rules/rbac';
import { GrantOptions, IRole, ServiceAccount } from './service-account';

export type { RbacResource } from './rules/rbac';

/**
 * What a rule allows. Wildcards are not offered: least privilege names each verb.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
 */
export type RbacVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

const VERBS: readonly RbacVerb[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** The verbs of a reader: `get`, `list`, `watch`. */
export const READ_VERBS: readonly RbacVerb[] = ['get', 'list', 'watch'];

/** A resource the typed table does not know (a custom resource), with the API group that serves it. */
export interface CustomResource {
  /** The API group, e.g. `gateway.networking.k8s.io`. */
  readonly group: string;
  /** The plural resource name, e.g. `httproutes`. */
  readonly resource: string;
}

/** Options of `allow`. */
export interface AllowOptions {
  /** Only these objects, by name. Not with `create` or `deletecollection`, which name no object. @default - every object */
  readonly resourceNames?: string[];
}

/** One rule of a Role or ClusterRole. */
export interface RbacRule extends AllowOptions {
  readonly verbs: RbacVerb[];
  readonly resources: (RbacResource | CustomResource)[];
}

export interface RoleProps extends MetadataProps {
  /** Rules, as `allow()` adds them. @default - none; add with `allow()` */
  readonly rules?: RbacRule[];
}

abstract class RoleBase extends PatternConstruct implements IRole {
  public readonly name: string;
  private readonly policy: k8s.PolicyRule[] = [];
  private attempted = 0;
  /** @internal The role object's metadata. */
  protected readonly metadata: k8s.ObjectMeta;

  constructor(scope: Construct, id: string, props: RoleProps, private readonly clusterRole: boolean) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const meta = this.checkProps((problems) => {
      checkObjectName(name, problems, 'dns1123-subdomain');
      return checkLabelProps(props, problems);
    });
    this.name = name;
    this.metadata = { name, labels: recommendedLabels(this, name, meta), annotations: props.annotations };
    for (const [i, rule] of (props.rules ?? []).entries()) this.addRule(rule, `rules[${i}]`);
    this.addDeferredCheck((problems) => {
      // A rule that was rejected has been reported already.
      if (this.attempted === 0) problems.add('rules', [], 'is empty, so the role grants nothing', 'add a rule with allow(verbs, resources)');
    });
  }

  /** Allows `verbs` on `resources`, each in the API group that serves it. */
  public allow(verbs: RbacVerb[], resources: (RbacResource | CustomResource)[], options: AllowOptions = {}): this {
    this.addRule({ verbs, resources, ...options }, 'allow');
    return this;
  }

  /** @internal */
  public abstract _bindTo(subject: ServiceAccount, options: GrantOptions): IConstruct;

  /** @internal */
  protected renderRules(): k8s.PolicyRule[] {
    return this.policy;
  }

  private addRule(rule: RbacRule, where: string): void {
    this.attempted++;
    if (!this.checkProps((problems) => problems.passes(() => checkRule(rule, where, this.clusterRole, problems)))) return;
    // One PolicyRule per API group, so each rule's resources are served by the group it lists.
    const byGroup = new Map<string, string[]>();
    for (const r of rule.resources) {
      const [group, resource] = typeof r === 'string' ? [RBAC_RESOURCE_GROUPS[r] as string, r] : [r.group, r.resource];
      byGroup.set(group, [...(byGroup.get(group) ?? []), resource]);
    }
    for (const [group, resources] of byGroup) {
      this.policy.push({ apiGroups: [group], resources: [...new Set(resources)], verbs: [...new Set(rule.verbs)],
        resourceNames: rule.resourceNames });
    }
  }
}

function checkRule(rule: RbacRule, where: string, clusterRole: boolean, problems: Problems): void {
  problems.check(`${where}.verbs`, rule.verbs, policyRuleList('verbs', rule.verbs.length));
  for (const verb of rule.verbs) {
    if (!VERBS.includes(verb)) problems.add(`${where}.verbs`, verb, 'is not a verb this library grants', `use some of ${VERBS.join(', ')}`);
  }
  problems.check(`${where}.resources`, rule.resources, policyRuleList('resources', rule.resources.length));
  for (const r of rule.resources) {
    if (typeof r === 'string') {
      if (!(r in RBAC_RESOURCE_GROUPS)) {
        problems.add(`${where}.resources`, r, 'is not a resource of the typed table',
          'use a typed resource, or { group, resource } for a custom resource');
      } else if (!clusterRole) {
        problems.check(`${where}.resources`, r, rbacNamespacedResource(r));
      }
    } else {
      if (r.group !== '' && !isDns1123Subdomain(r.group)) {
        problems.add(`${where}.resources`, r.group, 'is not an API group',
          'use the group of the resource\'s apiVersion, such as "gateway.networking.k8s.io"');
      }
      if (!/^[a-z][a-z0-9]*(\/[a-z]+)?$/.test(r.resource)) {
        problems.add(`${where}.resources`, r.resource, 'is not a plural resource name',
          'use the lower-case plural that `kubectl api-resources` lists, such as "httproutes"');
      }
    }
  }
  const unnamed = rule.verbs.filter((v) => v === 'create' || v === 'deletecollection');
  if (rule.resourceNames?.length && unnamed.length > 0) {
    problems.add(`${where}.resourceNames`, rule.resourceNames, `cannot restrict ${unnamed.join(' or ')}, which name no object`,
      `grant ${unnamed.join(' and ')} in a rule without resourceNames`);
  }
}

/** Permissions inside the chart's namespace. */
export class Role extends RoleBase {
  public readonly apiObject: k8s.KubeRole;

  constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, id, props, false);
    this.apiObject = new k8s.KubeRole(this, 'Resource', {
      metadata: this.metadata,
      rules: Lazy.any({ produce: () => this.renderRules() }),
    });
  }

  /** @internal */
  public _bindTo(subject: ServiceAccount, options: GrantOptions): IConstruct {
    if (options.clusterWide) {
      throw propsError(subject, 'clusterWide', true, `cannot grant Role "${this.name}", which grants in one namespace only`,
        'grant a ClusterRole, or drop clusterWide');
    }
    return grant(this, subject, false);
  }
}

/**
 * Permissions on cluster-scoped resources (nodes, namespaces), or the same permissions in several namespaces.
 * Opt-in: most workloads need a `Role`. Bind it with `grant(clusterRole)` in one namespace, or `{ clusterWide: true }` in all.
 */
export class ClusterRole extends RoleBase {
  public readonly apiObject: k8s.KubeClusterRole;

  constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, id, props, true);
    this.apiObject = new k8s.KubeClusterRole(this, 'Resource', {
      metadata: this.metadata,
      rules: Lazy.any({ produce: () => this.renderRules() }),
    });
    // Cluster-scoped: the chart's namespace must not be stamped on it.
    if (namespaceOf(this) !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }

  /** @internal */
  public _bindTo(subject: ServiceAccount, options: GrantOptions): IConstruct {
    return grant(this, subject, options.clusterWide ?? false);
  }
}

export interface RoleBindingProps extends MetadataProps {
  /** The Role, or a ClusterRole granted in this namespace only. */
  readonly role: Role | ClusterRole;
  /** The ServiceAccounts granted the role; in the chart's namespace. */
  readonly subjects: ServiceAccount[];
}

export interface ClusterRoleBindingProps extends MetadataProps {
  readonly role: ClusterRole;
  readonly subjects: ServiceAccount[];
}

/**
 * A RoleBinding's ServiceAccount subject without a namespace means the binding's own (the RBAC authorizer
 * defaults it), so accounts of a chart without a namespace can be bound there; a ClusterRoleBinding must name it.
 * `bindingNamespace` is undefined for a ClusterRoleBinding.
 */
function checkSubjects(subjects: readonly ServiceAccount[], cluster: boolean, bindingNamespace: string | undefined, problems: Problems): void {
  if (subjects.length === 0) problems.add('subjects', [], 'is empty, so the binding grants nothing', 'name the ServiceAccounts to grant the role');
  for (const [i, s] of subjects.entries()) {
    if (s.namespace === undefined && (cluster || bindingNamespace !== undefined)) {
      const why = cluster ? 'a ClusterRoleBinding must name its namespace' : `the binding is in namespace "${bindingNamespace}"`;
      problems.add(`subjects[${i}]`, s.node.path, `is a ServiceAccount in a chart without a namespace, and ${why}`,
        'give the ServiceAccount\'s chart a namespace');
    }
  }
}

function subjectsOf(subjects: readonly ServiceAccount[]): k8s.Subject[] {
  return subjects.map((s) => ({ kind: 'ServiceAccount', name: s.name, namespace: s.namespace }));
}

/** What a RoleBinding and a ClusterRoleBinding share: a checked name, subjects and labels, and the subjects told of it. */
abstract class BindingBase extends PatternConstruct {
  public readonly name: string;
  /** @internal The binding object's metadata. */
  protected readonly metadata: k8s.ObjectMeta;

  constructor(scope: Construct, id: string, props: MetadataProps & { readonly subjects: ServiceAccount[] }, cluster: boolean) {
    super(scope, id);
    const name = props.name ?? objectName(this);
    const meta = this.checkProps((problems) => {
      checkObjectName(name, problems, 'dns1123-subdomain');
      checkSubjects(props.subjects, cluster, cluster ? undefined : namespaceOf(this), problems);
      return checkLabelProps(props, problems);
    });
    this.name = name;
    this.metadata = { name, labels: recommendedLabels(this, name, meta), annotations: props.annotations };
  }
}

/** Grants a Role (or a ClusterRole, in this namespace only) to ServiceAccounts; their pods then mount an API token. */
export class RoleBinding extends BindingBase {
  public readonly apiObject: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: RoleBindingProps) {
    super(scope, id, props, false);
    const kind = props.role instanceof ClusterRole ? 'ClusterRole' : 'Role';
    this.apiObject = new k8s.KubeRoleBinding(this, 'Resource', {
      metadata: this.metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: props.role.name },
      subjects: subjectsOf(props.subjects),
    });
    for (const s of props.subjects) s._addBinding(this);
  }
}

/** Grants a ClusterRole to ServiceAccounts in every namespace. Opt-in: prefer a RoleBinding. */
export class ClusterRoleBinding extends BindingBase {
  public readonly apiObject: k8s.KubeClusterRoleBinding;

  constructor(scope: Construct, id: string, props: ClusterRoleBindingProps) {
    super(scope, id, props, true);
    this.apiObject = new k8s.KubeClusterRoleBinding(this, 'Resource', {
      metadata: this.metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.role.name },
      subjects: subjectsOf(props.subjects),
    });
    if (namespaceOf(this) !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    for (const s of props.subjects) s._addBinding(this);
  }
}

/** The binding `ServiceAccount.grant` creates: of `role` to one account, in its namespace or (`clusterWide`) in all. */
function grant(role: Role | ClusterRole, subject: ServiceAccount, clusterWide: boolean): IConstruct {
  return clusterWide && role instanceof ClusterRole
    ? new ClusterRoleBinding(subject, `${role.node.id}-cluster-binding`, { role, subjects: [subject] })
    : new RoleBinding(subject, `${role.node.id}-binding`, { role, subjects: [subject] });
}
