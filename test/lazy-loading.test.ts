import { spawnSync } from 'child_process';
import * as path from 'path';

/** Runs `script` in a fresh Node (the TypeScript sources through tsx) and returns what it printed as JSON. */
function run(script: string): any {
  const result = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const LOADED = 'const loaded = (m) => Object.keys(require.cache).some((k) => k.includes(`/node_modules/${m}/`));';

describe('the validator loads Ajv only for a schema without generated code', () => {
  test('importing the library and the validator entry point loads no Ajv', () => {
    expect(run(`require('./lib'); require('./lib/validation'); ${LOADED} console.log(JSON.stringify(loaded('ajv')))`)).toBe(false);
  });

  // The generated code (schemas/validators/units.js) requires a few small helpers of ajv/dist/runtime, not Ajv itself.
  const AJV = 'Object.keys(require.cache).some((k) => k.endsWith(`/node_modules/ajv/dist/ajv.js`))';

  test('validating built-in kinds and the vendored CRDs\' custom resources loads no Ajv: their code is generated', () => {
    const script = `const { validateManifests } = require('./lib/validation');
      const { goodApp } = require('./test/fixtures/validation');
      const findings = validateManifests(goodApp());
      console.log(JSON.stringify({ findings: findings.length, ajv: ${AJV} }))`;
    expect(run(script)).toEqual({ findings: 0, ajv: false });
  });

  test('a CRD in the manifests loads it, to compile its schema', () => {
    const script = `const { validateManifests } = require('./lib/validation');
      const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'menus.example.com' },
        spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Menu', plural: 'menus' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object',
            properties: { spec: { type: 'object', properties: { dishes: { type: 'integer' } } } } } } }] } };
      const findings = validateManifests([crd, { apiVersion: 'example.com/v1', kind: 'Menu', metadata: { name: 'dinner' }, spec: { dishes: 'x' } }]);
      console.log(JSON.stringify({ findings: findings.map((f) => f.path + ': ' + f.message), ajv: ${AJV} }))`;
    expect(run(script)).toEqual({ findings: ['spec.dishes: must be an integer, got a string "x"'], ajv: true });
  });
});

describe('the CRD bindings load with the first construct that builds one of their objects', () => {
  const CRDS = `Object.keys(require.cache).filter((k) => /[\\\\/]imports[\\\\/](?!k8s\\.)/.test(k)).map((k) => k.split(/[\\\\/]/).pop()).sort()`;

  test('importing the library loads none of them', () => {
    expect(run(`require('./lib'); console.log(JSON.stringify(${CRDS}))`)).toEqual([]);
  });

  test('a Gateway (no HTTPS, so no redirect route) loads the Gateway bindings; a VerticalAutoscaler the VPA\'s', () => {
    const script = `const { Chart, Testing } = require('cdk8s'); const lib = require('./lib');
      const chart = Testing.chart();
      new lib.Gateway(chart, 'gw', { gatewayClassName: 'eg' });
      const afterGateway = ${CRDS};
      const web = new lib.RollingDeployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
      new lib.VerticalAutoscaler(chart, 'vpa', { target: web });
      console.log(JSON.stringify({ afterGateway, afterVpa: ${CRDS} }))`;
    expect(run(script)).toEqual({
      afterGateway: ['gateway-gateway.networking.k8s.io.ts'],
      afterVpa: ['gateway-gateway.networking.k8s.io.ts', 'vpa-autoscaling.k8s.io.ts'],
    });
  });
});
