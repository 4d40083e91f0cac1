/**
 * Workload "example": the example app of main.ts (every environment's chart, CLOUD_PROVIDER from
 * the environment as in `cdk8s synth`), built, optionally validated, and written, in a fresh
 * process. With and without `--validate`, the difference is what validation adds to a synth of
 * the example (issue 3's budget: 300 ms). N is ignored.
 */
import { CloudProvider } from '../lib';
import { restaurantCharts } from '../main';
import { runWorkload } from './workload';

runWorkload((app) => restaurantCharts(app, CloudProvider.fromName(process.env.CLOUD_PROVIDER ?? 'generic')));
