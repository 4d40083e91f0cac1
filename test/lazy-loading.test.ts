import { spawnSync } from 'child_process';
import * as path from 'path';

/** Runs `script` in a fresh Node (the TypeScript sources through tsx) and returns what it printed as JSON. */
function run(script: string): any {
  const result = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const LOADED = 'const loaded = (m) => Object.keys(require.cache).some((k) => k.includes(`/node_modules/${m}/`));';

describe('the validator loads Ajv only when a check runs', () => {
  test('importing the library and the validator entry point loads no Ajv', () => {
    expect(run(`require('./lib'); require('./lib/validation'); ${LOADED} console.log(JSON.stringify(loaded('ajv')))`)).toBe(false);
  });

  test('the first validateManifests call loads it', () => {
    const script = `const { validateManifests } = require('./lib/validation'); ${LOADED}
      validateManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'menu' } }]);
      console.log(JSON.stringify(loaded('ajv')))`;
    expect(run(script)).toBe(true);
  });
});
