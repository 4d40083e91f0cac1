/**
 * Service discovery: a consumer's env gets a dependency's DNS name and port from the Service object,
 * so renaming the Service, its namespace or its port cannot leave a stale hand-typed address behind.
 */
import { Chart, Testing } from 'cdk8s';
import { RollingDeployment } from '../lib/deployment';
import { EnvValue } from '../lib/env';
import { COLLECT_ERRORS_CONTEXT } from '../lib/private/errors';
import { ClusterIpService, ExternalNameService, HeadlessService } from '../lib/service';
import { validateManifests } from '../lib/validation';
import { container, find, newChart, synth } from './util';

/** An `api` deployment listening on http (8080) and metrics (9090), and its ClusterIP Service `api`. */
function api(chart: Chart): ClusterIpService {
  const workload = new RollingDeployment(chart, 'api-deployment', {
    name: 'api',
    containers: [{ image: 'example/api:1.0', ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] }],
  });
  return new ClusterIpService(chart, 'api', { target: workload, ports: [{ port: 80, targetPort: 'http' }, { port: 9090, targetPort: 'metrics' }] });
}

function consumerEnv(manifests: any[]): any[] {
  return container(find(manifests, 'Deployment', 'frontend').spec.template.spec, 'app').env;
}

describe('EnvValue from a Service', () => {
  test('a frontend gets the api\'s URL, host and port from the Service objects', () => {
    const chart = newChart({ namespace: 'shop' });
    const apiService = api(chart);
    const db = new ExternalNameService(chart, 'db', { externalName: 'orders.example.com', ports: [{ port: 5432, name: 'postgres' }] });
    const peers = new HeadlessService(chart, 'cache', {
      target: new RollingDeployment(chart, 'cache-deployment', { name: 'cache', containers: [{ image: 'example/cache:1.0', ports: [{ number: 6379, name: 'redis' }] }] }),
      ports: [{ port: 6379 }],
    });
    new RollingDeployment(chart, 'frontend', {
      containers: [{
        name: 'app',
        image: 'example/frontend:1.0',
        env: {
          API_URL: EnvValue.fromServiceUrl(apiService, { port: 'http' }),
          METRICS_URL: EnvValue.fromServiceUrl(apiService, { port: 9090, path: '/metrics' }),
          API_HOST: EnvValue.fromServiceHost(apiService),
          API_PORT: EnvValue.fromServicePort(apiService, 'http'),
          DATABASE_URL: EnvValue.fromServiceUrl(db, { scheme: 'postgres', path: '/orders' }),
          DB_PORT: EnvValue.fromServicePort(db),
          CACHE_URL: EnvValue.fromServiceUrl(peers, { scheme: 'redis' }),
        },
      }],
    });
    const manifests = synth(chart);
    expect(consumerEnv(manifests)).toEqual([
      { name: 'API_URL', value: 'http://api.shop.svc.cluster.local:80' },
      { name: 'METRICS_URL', value: 'http://api.shop.svc.cluster.local:9090/metrics' },
      { name: 'API_HOST', value: 'api.shop.svc.cluster.local' },
      { name: 'API_PORT', value: '80' },
      { name: 'DATABASE_URL', value: 'postgres://db.shop.svc.cluster.local:5432/orders' },
      { name: 'DB_PORT', value: '5432' },
      { name: 'CACHE_URL', value: 'redis://cache.shop.svc.cluster.local:6379' },
    ]);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('the URL follows the Service: its name, its namespace, its port', () => {
    const chart = newChart({ namespace: 'billing' });
    const workload = new RollingDeployment(chart, 'ledger', { containers: [{ image: 'example/ledger:1.0', ports: [{ number: 8443, name: 'https' }] }] });
    const svc = new ClusterIpService(chart, 'ledger-service', { name: 'ledger-v2', target: workload, ports: [{ port: 443, targetPort: 'https' }] });
    expect(EnvValue.fromServiceUrl(svc, { scheme: 'https' })._toKube('LEDGER_URL')).toEqual({ name: 'LEDGER_URL', value: 'https://ledger-v2.billing.svc.cluster.local:443' });
  });

  test('without a chart namespace, the default namespace is assumed', () => {
    const chart = newChart();
    const workload = new RollingDeployment(chart, 'web', { containers: [{ image: 'example/web:1.0', ports: [{ number: 8080 }] }] });
    const svc = new ClusterIpService(chart, 'web-service', { name: 'web', target: workload, ports: [{ port: 80 }] });
    expect(EnvValue.fromServiceUrl(svc)._toKube('WEB_URL').value).toBe('http://web.default.svc.cluster.local:80');
  });

  test('a port that is ambiguous or missing is an error naming the Service', () => {
    const chart = newChart({ namespace: 'shop' });
    const apiService = api(chart);
    expect(() => EnvValue.fromServiceUrl(apiService))
      .toThrow('[test/api] url.port (undefined) picks no port: service "api" has several (80 ("http"), 9090 ("metrics")); pass port: one of those numbers or names');
    expect(() => EnvValue.fromServicePort(apiService))
      .toThrow('[test/api] port (undefined) picks no port: service "api" has several (80 ("http"), 9090 ("metrics")); pass port: one of those numbers or names');
    expect(() => EnvValue.fromServicePort(apiService, 8080))
      .toThrow('[test/api] port (8080) is not a port of service "api" (it has 80 ("http"), 9090 ("metrics")); pass one of its port numbers or names');
  });

  test('in collect mode the error fails the synth, reported on the Service', () => {
    const app = Testing.app();
    app.node.setContext(COLLECT_ERRORS_CONTEXT, true);
    const chart = new Chart(app, 'test');
    const apiService = api(chart);
    new RollingDeployment(chart, 'frontend', { containers: [{ name: 'app', image: 'example/frontend:1.0', env: { API_URL: EnvValue.fromServiceUrl(apiService, { port: 'grpc' }) } }] });
    expect(() => synth(chart)).toThrow('[test/api] url.port ("grpc") is not a port of service "api" (it has 80 ("http"), 9090 ("metrics")); pass one of its port numbers or names');
  });
});
