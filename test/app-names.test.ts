import { ApiObject, Chart, Testing } from 'cdk8s';
import { toDnsLabel } from '../lib/private/names';
import { RollingDeployment } from '../lib/deployment';

describe('toDnsLabel', () => {
  test.each([
    ['CheckoutFrontend', 'checkout-frontend'],
    ['apiV2', 'api-v2'],
    ['HTTPServer', 'http-server'],
    ['myHTTPServer2Go', 'my-http-server2-go'],
    ['restaurant-dev', 'restaurant-dev'],
    ['shop_Web Front', 'shop-web-front'],
    ['--Edge--', 'edge'],
  ])('%s -> %s', (raw, label) => {
    expect(toDnsLabel(raw)).toBe(label);
  });

  test('a name over 63 characters keeps its first 54 and a hash of the whole, so names that share a beginning differ', () => {
    const long = 'CheckoutFrontend'.repeat(5);
    const label = toDnsLabel(long);
    // The first 54 characters end in '-', which is dropped before the hash.
    expect(label).toMatch(/^checkout-frontend-checkout-frontend-checkout-frontend-[0-9a-f]{8}$/);
    expect(label.length).toBeLessThanOrEqual(63);
    expect(toDnsLabel(`${long}2`)).not.toBe(label);
  });
});

test('a duplicate object in one chart names both constructs', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new RollingDeployment(chart, 'web', { containers: [{ image: 'nginxinc/nginx-unprivileged:1.27-alpine', writablePaths: ['/tmp'] }] });
  new ApiObject(chart, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
  new ApiObject(chart, 'settings-again', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
  expect(() => app.synth()).toThrow([
    'Validation failed with the following errors:',
    '  [shop] ConfigMap/shop/settings metadata.name: ConfigMap/shop/settings is defined twice (by shop/settings and shop/settings-again); '
      + 'one would overwrite the other on apply: rename one or remove the duplicate [duplicate-object]',
  ].join('\n'));
});
