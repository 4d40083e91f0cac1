/*
 * docs/example-app.svg: the example restaurant app (main.ts) as `cdk8s-patterns diagram` draws it.
 * `npm run diagram` regenerates it; test/diagram.test.ts fails while the committed file is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { restaurantCharts } from '../main';
import { buildAppGraph } from '../lib/cli/app-graph';
import { renderSvg, toDot } from '../lib/cli/dot';

export const EXAMPLE_SVG = path.join(__dirname, '..', 'docs', 'example-app.svg');

/** The example app's manifests, synthesized in-process from main.ts's own builder. */
export function exampleManifests(): any[] {
  return restaurantCharts(Testing.app()).flatMap((chart) => chart.toJson());
}

export function exampleDot(): string {
  return toDot(buildAppGraph(exampleManifests()), 'restaurant');
}

export async function exampleSvg(): Promise<string> {
  return renderSvg(exampleDot());
}

if (require.main === module) {
  exampleSvg().then((svg) => {
    fs.writeFileSync(EXAMPLE_SVG, svg);
    console.log(`wrote ${path.relative(process.cwd(), EXAMPLE_SVG)}`);
  }, (e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
