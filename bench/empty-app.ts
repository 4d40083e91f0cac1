/** The CLI floor: a cdk8s app with one empty chart, so `cdk8s synth` of it is all toolchain. */
import { App, Chart } from 'cdk8s';

const app = new App();
new Chart(app, 'empty');
app.synth();
