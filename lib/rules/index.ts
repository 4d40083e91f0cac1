/*
 * The rule catalogue: each Kubernetes rule on one value, written once. Constructs check their props
 * with these (located at construct path + prop), and validateManifests checks manifests with the
 * same functions (located at object + field path), so a rule's message text exists once in lib/.
 */
export * from './violation';
export * from './names';
export * from './network';
export * from './int-or-percent';
export * from './quantities';
export * from './pod';
export * from './scaling';
export * from './disruption';
export * from './config';
export * from './rbac';
export * from './storage';
export * from './cron';
export * from './containers';
export * from './topology';
export * from './ports';
export * from './selectors';
export * from './numbers';
export * from './workloads';
export * from './routes';
export * from './jobs';
export * from './enums';
export * from './pod-annotations';
export * from './env';
