import { ConfigMap } from '../lib';
import { find, newChart, synth } from './util';

describe('ConfigMap', () => {
  test('minimal: an empty ConfigMap named after the construct, with the recommended labels', () => {
    const chart = newChart({ namespace: 'shop' });
    new ConfigMap(chart, 'menu');
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const cm = find(manifests, 'ConfigMap', 'menu');
    expect(cm.apiVersion).toBe('v1');
    expect(cm.data).toBeUndefined();
    expect(cm.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s-patterns');
  });

  test('all props: literals, text and binary files, immutable, metadata', () => {
    const chart = newChart({ namespace: 'shop' });
    const menu = new ConfigMap(chart, 'menu', {
      name: 'dinner-menu',
      data: { 'greeting.txt': 'Welcome' },
      files: { 'menu.json': 'test/fixtures/config/menu.json', 'logo.png': 'test/fixtures/config/logo.png' },
      immutable: true,
      component: 'frontend',
      version: '2',
      labels: { team: 'kitchen' },
      annotations: { owner: 'chef' },
    });
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
    const cm = find(manifests, 'ConfigMap', 'dinner-menu');
    expect(cm.data).toEqual({ 'greeting.txt': 'Welcome', 'menu.json': '{"starters":["soup","salad"],"mains":["risotto"]}\n' });
    expect(Buffer.from(cm.binaryData['logo.png'], 'base64')).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]));
    expect(cm.immutable).toBe(true);
    expect(cm.metadata.labels.team).toBe('kitchen');
    expect(cm.metadata.annotations).toEqual({ owner: 'chef' });
    expect(menu.keys).toEqual(['greeting.txt', 'logo.png', 'menu.json']);
    expect(menu.external).toBe(false);
  });

  test('the content hash depends on the content, not on key order or the construct', () => {
    const chart = newChart();
    const a = new ConfigMap(chart, 'a', { data: { x: '1', y: '2' } });
    const b = new ConfigMap(chart, 'b', { data: { y: '2', x: '1' } });
    const c = new ConfigMap(chart, 'c', { data: { x: '1', y: '3' } });
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.contentHash).not.toBe(c.contentHash);
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('fromExternal emits nothing and keeps its declared keys', () => {
    const chart = newChart();
    const ca = ConfigMap.fromExternal(chart, 'kube-root-ca.crt', { keys: ['ca.crt'] });
    expect(ca).toEqual({ kind: 'ConfigMap', name: 'kube-root-ca.crt', keys: ['ca.crt'], external: true, managedBy: undefined, contentHash: undefined });
    expect(synth(chart)).toEqual([]);
  });

  test('every bad key and file of one ConfigMap is reported at once', () => {
    const chart = newChart();
    expect(() => new ConfigMap(chart, 'menu', { data: { 'a b': 'x' }, files: { 'm.json': 'test/fixtures/config/nope.json' } })).toThrow([
      '[test/menu] data ("a b") is not a valid ConfigMap or Secret key; use at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." and not starting with ".."',
      '[test/menu] files["m.json"] ("test/fixtures/config/nope.json") cannot be read (ENOENT); give a path relative to the directory `cdk8s synth` runs in, or an absolute one',
    ].join('\n'));
  });
});
