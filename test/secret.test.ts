import { Secret } from '../lib';
import { find, newChart, synth } from './util';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('Secret', () => {
  test('minimal: an empty Opaque Secret', () => {
    const chart = newChart({ namespace: 'shop' });
    const secret = new Secret(chart, 'token');
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(find(manifests, 'Secret', 'token').type).toBe('Opaque');
    expect(secret.type).toBe('Opaque');
  });

  test('all props: a TLS Secret from files, immutable, metadata; values are base64 in data', () => {
    const chart = newChart({ namespace: 'shop' });
    new Secret(chart, 'cert', {
      name: 'restaurant-tls',
      type: 'kubernetes.io/tls',
      files: { 'tls.crt': 'test/fixtures/config/tls.crt', 'tls.key': 'test/fixtures/config/tls.key' },
      stringData: { 'ca.crt': 'fixture' },
      immutable: true,
      labels: { team: 'edge' },
      annotations: { rotated: 'never' },
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const secret = find(manifests, 'Secret', 'restaurant-tls');
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(secret.data).toEqual({
      'ca.crt': b64('fixture'),
      'tls.crt': b64('not a real certificate: test fixture\n'),
      'tls.key': b64('not a real key: test fixture\n'),
    });
    expect(secret.stringData).toBeUndefined();
    expect(secret.immutable).toBe(true);
  });

  test('basic-auth needs username or password; dockerconfigjson needs its JSON key', () => {
    const chart = newChart();
    new Secret(chart, 'user', { type: 'kubernetes.io/basic-auth', stringData: { username: 'chef' } });
    new Secret(chart, 'pull', { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{"auths":{}}' } });
    const manifests = synth(chart);
    expect(find(manifests, 'Secret', 'user').data).toEqual({ username: b64('chef') });
    expect(find(manifests, 'Secret', 'pull').type).toBe('kubernetes.io/dockerconfigjson');
  });

  test('the hash covers the type as well as the data', () => {
    const chart = newChart();
    const opaque = new Secret(chart, 'a', { stringData: { username: 'x' } });
    const basic = new Secret(chart, 'b', { type: 'kubernetes.io/basic-auth', stringData: { username: 'x' } });
    expect(opaque.contentHash).not.toBe(basic.contentHash);
  });

  test('fromExternal: no object, keys and managedBy kept', () => {
    const chart = newChart();
    const creds = Secret.fromExternal(chart, 'pantry-credentials', { keys: ['username', 'password'], managedBy: 'external-secrets' });
    expect(creds).toEqual({
      kind: 'Secret', name: 'pantry-credentials', keys: ['username', 'password'], external: true, managedBy: 'external-secrets', contentHash: undefined,
    });
    expect(synth(chart)).toEqual([]);
  });
});

// SEC-4 (lib/rules/config.ts dockerConfigJson): the API server unmarshals .dockerconfigjson into a map, so JSON that is not an object fails.
describe('dockerconfigjson content', () => {
  test('JSON that is not an object is refused', () => {
    expect(() => new Secret(newChart(), 'pull', { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '[]' } })).toThrow(
      '[test/pull] stringData[".dockerconfigjson"] ("<redacted>") is not a JSON object, so the API server refuses the Secret; use the content of a '
      + 'Docker config.json, such as {"auths":{"registry.example.com":{"auth":"<base64 user:password>"}}}');
  });
});
