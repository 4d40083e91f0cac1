import type { Finding, ValidateOptions } from './validation';

/**
 * What `cdk8s synth` hands a validation plugin (cdk8s-cli's `ValidationContext`), as far as this plugin
 * uses it; written out here so that the plugin needs nothing of the CLI at run time.
 */
export interface ValidationPluginContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: readonly string[];
  /** The report the CLI prints after every plugin ran. */
  readonly report: {
    addViolation(violation: {
      readonly ruleName: string;
      readonly recommendation: string;
      readonly fix: string;
      readonly violatingResources: readonly { readonly resourceName: string; readonly locations: readonly string[]; readonly manifestPath: string }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
  parseManifest(manifestPath: string): any[];
}

/** `properties` of the plugin in cdk8s.yaml: the options of `validateManifests`. */
export interface ManifestValidationProps extends ValidateOptions {
  /**
   * Fail the synth on warnings too, not only on errors.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/**
 * This library's synth-time checks (`validateManifests`: API schemas, API-server rules, cross-object
 * checks, Pod Security) as a cdk8s validation plugin, for apps that do not use its constructs:
 *
 * ```yaml
 * # cdk8s.yaml
 * validations:
 *   - package: ./node_modules/cdk8s-patterns
 *     version: 0.1.0
 *     class: ManifestValidation
 *     properties: { podSecurity: restricted }
 * ```
 *
 * A local path (starting with `./`) is what keeps it offline: the CLI requires it as it is, where for
 * a package name it would run `npm install` into ~/.cdk8s/plugins. See docs/cli.md.
 */
export class ManifestValidation {
  constructor(private readonly props: ManifestValidationProps = {}) {}

  public async validate(context: ValidationPluginContext): Promise<void> {
    // Loaded on first use, like the synth-time check: the schemas are only needed here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, and the same module instance the synth check loads
    const { validateManifests } = require('./validation') as typeof import('./validation');
    const files = new Map<string, string>();
    const manifests: any[] = [];
    for (const file of context.manifests) {
      for (const manifest of context.parseManifest(file)) {
        if (!manifest || typeof manifest !== 'object') continue;
        manifests.push(manifest);
        const { kind, metadata = {} } = manifest;
        for (const id of [`${kind}/${metadata.namespace ?? this.props.defaultNamespace ?? 'default'}/${metadata.name}`, `${kind}/${metadata.name}`]) {
          if (!files.has(id)) files.set(id, file);
        }
      }
    }
    const { failOnWarnings, ...options } = this.props;
    const failing = validateManifests(manifests, options).filter((f) => f.severity === 'error' || failOnWarnings);
    for (const finding of failing) context.report.addViolation(violation(finding, files.get(finding.object) ?? ''));
    context.logger.log(`cdk8s-patterns: ${failing.length} finding(s) in ${manifests.length} object(s)`);
    context.report.submit(failing.length > 0 ? 'failure' : 'success');
  }
}

function violation(finding: Finding, manifestPath: string) {
  return {
    ruleName: `${finding.rule} (${finding.severity})`,
    // The message says what is wrong, the value and how to fix it; not every message splits cleanly in two.
    recommendation: finding.message,
    fix: 'as the recommendation says',
    violatingResources: [{
      // The CLI finds the construct path by metadata.name (construct-metadata.json).
      resourceName: finding.object.split('/').pop() ?? finding.object,
      locations: [`${finding.object}${finding.path ? ` ${finding.path}` : ''}`],
      manifestPath,
    }],
  };
}
