/**
 * imports/k8s.ts is generated (npm run import:k8s) from the definitions in scripts/k8s-definitions,
 * the way `cdk8s import k8s@<version>` would from GitHub. These tests keep it up to date and
 * keep its source the release the validator checks as the window's oldest.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { DEFAULT_KUBERNETES_WINDOW } from '../lib/kubernetes-version';
import { definitionsFile, generatedK8s, K8S_IMPORT_VERSION } from '../scripts/import-k8s';
import { stringifyByLine, trimSchema } from '../schemas/vendor';

const ROOT = path.join(__dirname, '..');
const committed = fs.readFileSync(path.join(ROOT, 'imports', 'k8s.ts'), 'utf8');

test('imports/k8s.ts is exactly what npm run import:k8s generates', async () => {
  const generated = await generatedK8s();
  // Compared as a whole: a failing toEqual on 1.4 MB would print all of it.
  expect({ length: generated.length, same: generated === committed }).toEqual({ length: committed.length, same: true });
}, 180_000);

test('the bindings are of the default window\'s oldest release', () => {
  expect(K8S_IMPORT_VERSION).toBe(`${DEFAULT_KUBERNETES_WINDOW.oldest}.0`);
});

test('their source is the release the validator vendors for it (the same definitions, before trimming)', () => {
  const full = JSON.parse(zlib.gunzipSync(fs.readFileSync(definitionsFile())).toString('utf8'));
  const trimmed = trimSchema({ definitions: full.definitions }).definitions as Record<string, unknown>;
  const vendored = fs.readFileSync(path.join(ROOT, 'schemas', 'kubernetes', `v${K8S_IMPORT_VERSION}.json`), 'utf8');
  expect(stringifyByLine(trimmed, 'definitions') === vendored).toBe(true);
});

test('they know the fields cdk8s-plus-27\'s 1.27 bindings lack', () => {
  const props = (name: string): string => {
    const start = committed.indexOf(`export interface ${name} {`);
    return committed.slice(start, committed.indexOf('\n}\n', start));
  };
  expect(props('Container')).toContain('readonly restartPolicy?: string;'); // native sidecars
  expect(props('Container')).toContain('readonly resizePolicy?: ContainerResizePolicy[];');
  expect(props('ServiceSpec')).toContain('readonly trafficDistribution?: string;');
  expect(props('JobSpec')).toContain('readonly podReplacementPolicy?: string;');
  expect(props('PodDisruptionBudgetSpec')).toContain('readonly unhealthyPodEvictionPolicy?: string;');
  expect(props('StatefulSetSpec')).toContain('readonly ordinals?: StatefulSetOrdinals;');
});

test('the conversions drop undefined fields in one pass and keep the schema\'s field order', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated module itself
  const k8s = require('../imports/k8s') as typeof import('../imports/k8s');
  const port = k8s.toJson_ServicePort({ targetPort: k8s.IntOrString.fromString('http'), port: 80, name: undefined, protocol: 'TCP' });
  expect(JSON.stringify(port)).toBe('{"port":80,"protocol":"TCP","targetPort":"http"}');
  const limits = k8s.toJson_ResourceRequirements({ limits: { memory: k8s.Quantity.fromString('1Gi'), cpu: k8s.Quantity.fromString('1') } });
  expect(JSON.stringify(limits)).toBe('{"limits":{"memory":"1Gi","cpu":"1"}}');
  expect(committed).not.toContain('.reduce((r, i) => (i[1] === undefined)');
});
