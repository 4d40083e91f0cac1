/** Consuming ConfigMaps and Secrets: env, envFrom and volumes, the rollout hash and the external marker. */
import { Chart } from 'cdk8s';
import {
  CONFIG_HASH_ANNOTATION, ConfigMap, EnvFrom, EnvValue, EXTERNAL_REFS_ANNOTATION, MultiContainerPod, RollingDeployment, RollingDeploymentProps,
  Secret, validateManifests, Volume,
} from '../lib';
import { container, find, newChart, synth } from './util';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27';

function web(chart: Chart, props: Partial<RollingDeploymentProps> = {}, c: object = {}): RollingDeployment {
  return new RollingDeployment(chart, 'web', { ...props, containers: [{ image: IMAGE, ...c }] });
}

function template(manifests: any[]): any {
  return find(manifests, 'Deployment', 'web').spec.template;
}

describe('env and envFrom', () => {
  test('EnvValue.fromSecret and fromConfigMap take the construct and render key refs', () => {
    const chart = newChart({ namespace: 'shop' });
    const menu = new ConfigMap(chart, 'menu', { data: { theme: 'dark' } });
    const db = new Secret(chart, 'db', { stringData: { password: 'fixture' } });
    web(chart, {}, { env: { THEME: EnvValue.fromConfigMap(menu, 'theme'), PW: EnvValue.fromSecret(db, 'password', { optional: true }) } });
    const c = container(template(synth(chart)).spec, 'web');
    expect(c.env).toEqual([
      { name: 'THEME', valueFrom: { configMapKeyRef: { name: 'menu', key: 'theme' } } },
      { name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: true } } },
    ]);
  });

  test('a key the Secret lacks is an error at the container prop that names it', () => {
    const chart = newChart();
    const db = new Secret(chart, 'db', { stringData: { password: 'fixture', username: 'chef' } });
    expect(() => web(chart, {}, { env: { PW: EnvValue.fromSecret(db, 'pasword') } })).toThrow(
      '[test/web] containers[0].env.PW ("pasword") is not a key of Secret "db" (it has "password", "username"); use one of its keys, or add "pasword" to the Secret');
  });

  test('an optional key need not exist', () => {
    const chart = newChart();
    const menu = new ConfigMap(chart, 'menu', { data: { theme: 'dark' } });
    expect(() => web(chart, {}, { env: { X: EnvValue.fromConfigMap(menu, 'other', { optional: true }) } })).not.toThrow();
  });

  test('the name-string form still works, unchecked, and validateManifests warns that the Secret is unknown', () => {
    const chart = newChart({ namespace: 'shop' });
    web(chart, {}, { env: { PW: EnvValue.fromSecret('db-creds', 'password') } });
    const manifests = synth(chart);
    expect(container(template(manifests).spec, 'web').env).toEqual([{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } }]);
    expect(template(manifests).metadata.annotations).toBeUndefined();
    expect(validateManifests(manifests).filter((f) => f.rule === 'config-reference')).toEqual([{
      rule: 'config-reference', severity: 'warning', object: 'Deployment/shop/web',
      path: 'spec.template.spec.containers[name=web].env[name=PW].valueFrom.secretKeyRef',
      message: 'Secret "db-creds" is not in namespace "shop" of these manifests, and the pod template does not mark it external; create it in the app, '
        + 'fix the name, or list "Secret/db-creds" in the cdk8s-patterns/external-refs annotation (Secret.fromExternal does)',
    }]);
  });

  test('envFrom with a prefix, from a ConfigMap and a Secret', () => {
    const chart = newChart();
    const menu = new ConfigMap(chart, 'menu', { data: { theme: 'dark' } });
    const db = Secret.fromExternal(chart, 'db');
    web(chart, {}, { envFrom: [EnvFrom.configMap(menu, { prefix: 'MENU_' }), EnvFrom.secret(db, { optional: true })] });
    expect(container(template(synth(chart)).spec, 'web').envFrom).toEqual([
      { prefix: 'MENU_', configMapRef: { name: 'menu' } },
      { secretRef: { name: 'db', optional: true } },
    ]);
  });
});

describe('volumes', () => {
  test('configMap, secret and projected volumes, with items and modes, mounted by name', () => {
    const chart = newChart();
    const menu = new ConfigMap(chart, 'menu', { data: { 'menu.json': '{}', 'extra.txt': 'x' } });
    const tls = new Secret(chart, 'tls', { type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'c', 'tls.key': 'k' } });
    web(chart, {
      volumes: [
        Volume.fromConfigMap('menu', menu, { items: [{ key: 'menu.json', path: 'conf/menu.json', mode: 0o444 }] }),
        Volume.fromSecret('tls', tls, { defaultMode: 0o400 }),
        Volume.projected('all', [{ source: menu }, { source: tls, items: [{ key: 'tls.crt', path: 'tls.crt' }] }], { defaultMode: 0o440 }),
      ],
    }, { mounts: [{ volume: 'menu', path: '/etc/menu' }, { volume: 'tls', path: '/etc/tls' }, { volume: 'all', path: '/etc/all' }] });
    const spec = template(synth(chart)).spec;
    expect(spec.volumes).toEqual([
      { name: 'menu', configMap: { name: 'menu', items: [{ key: 'menu.json', path: 'conf/menu.json', mode: 0o444 }] } },
      { name: 'tls', secret: { secretName: 'tls', defaultMode: 0o400 } },
      { name: 'all', projected: { defaultMode: 0o440, sources: [{ configMap: { name: 'menu' } }, { secret: { name: 'tls', items: [{ key: 'tls.crt', path: 'tls.crt' }] } }] } },
    ]);
    expect(container(spec, 'web').volumeMounts).toEqual([
      { name: 'menu', mountPath: '/etc/menu' }, { name: 'tls', mountPath: '/etc/tls' }, { name: 'all', mountPath: '/etc/all' },
    ]);
  });

  test('a bare pod takes config volumes too', () => {
    const chart = newChart();
    const menu = new ConfigMap(chart, 'menu', { data: { a: '1' } });
    new MultiContainerPod(chart, 'pod', { volumes: [Volume.fromConfigMap('menu', menu)], containers: [{ image: IMAGE, mounts: [{ volume: 'menu', path: '/m' }] }] });
    const pod = find(synth(chart), 'Pod', 'pod');
    expect(pod.spec.volumes).toEqual([{ name: 'menu', configMap: { name: 'menu' } }]);
    expect(pod.metadata.annotations[CONFIG_HASH_ANNOTATION]).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('config hash', () => {
  function hashWith(content: string, props: Partial<RollingDeploymentProps> = {}): string | undefined {
    const chart = newChart();
    const menu = new ConfigMap(chart, 'menu', { data: { 'menu.json': content } });
    web(chart, { ...props, volumes: [Volume.fromConfigMap('menu', menu)] }, { mounts: [{ volume: 'menu', path: '/m' }] });
    return template(synth(chart)).metadata.annotations?.[CONFIG_HASH_ANNOTATION];
  }

  test('on by default; a change of content changes the pod template, so the Deployment rolls', () => {
    const before = hashWith('{"soup":1}');
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(hashWith('{"soup":1}')).toBe(before);
    expect(hashWith('{"soup":2}')).not.toBe(before);
  });

  test('configHash: false leaves the template alone', () => {
    expect(hashWith('{"soup":1}', { configHash: false })).toBeUndefined();
  });

  test('external sources are listed in the external-refs annotation, with what manages them, and are not hashed', () => {
    const chart = newChart({ namespace: 'shop' });
    const creds = Secret.fromExternal(chart, 'pantry-credentials', { keys: ['password'], managedBy: 'external-secrets' });
    const ca = new ConfigMap(chart, 'ca', { data: { 'ca.crt': 'x' } });
    web(chart, {}, { env: { PW: EnvValue.fromSecret(creds, 'password'), CA: EnvValue.fromConfigMap(ca, 'ca.crt') } });
    const manifests = synth(chart);
    const annotations = template(manifests).metadata.annotations;
    expect(annotations[EXTERNAL_REFS_ANNOTATION]).toBe('Secret/pantry-credentials=external-secrets');
    expect(Object.keys(annotations).sort()).toEqual([CONFIG_HASH_ANNOTATION, EXTERNAL_REFS_ANNOTATION]);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('an external Secret with declared keys checks them; without keys anything goes', () => {
    const chart = newChart();
    const declared = Secret.fromExternal(chart, 'a', { keys: ['password'] });
    const open = Secret.fromExternal(chart, 'b');
    expect(() => web(chart, {}, { env: { X: EnvValue.fromSecret(open, 'anything'), Y: EnvValue.fromSecret(declared, 'pass') } })).toThrow(
      '[test/web] containers[0].env.Y ("pass") is not a key declared for the external Secret "a" (declared: "password"); use a declared key, or add it to keys of Secret.fromExternal');
  });
});
