/**
 * Workload "example": the example app as main.ts runs it: a SafeApp (every chart checks its
 * manifests at synth, then the app checks all of them together before publishing to the output
 * folder) with every environment's chart, CLOUD_PROVIDER from the environment. N is ignored.
 * `--no-validate` turns both checks off; `--chart-checks-only` keeps the charts' own.
 */
import { CloudProvider, SafeApp, VALIDATE_MANIFESTS_CONTEXT } from '../lib';
import { restaurantCharts } from '../main';
import { runWorkload } from './workload';

runWorkload((_n, outdir, validate) => {
  const appWide = validate && !process.argv.includes('--chart-checks-only');
  const app = new SafeApp({ outdir, ...(appWide ? {} : { validation: false }) });
  if (!validate) app.node.setContext(VALIDATE_MANIFESTS_CONTEXT, false);
  restaurantCharts(app, CloudProvider.fromName(process.env.CLOUD_PROVIDER ?? 'generic'));
  return app;
});
