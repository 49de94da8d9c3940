/**
 * The floor for `npm run bench`: what any synth of the default config must pay, run with the
 * same runner. It loads every provider binding module the default synth loads (the JSON list in
 * BENCH_FLOOR_MODULES, recorded by bench.ts from a default synth), then synthesizes one resource.
 */
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformStack } from 'cdktf';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the list is only known at run time
for (const binding of JSON.parse(process.env.BENCH_FLOOR_MODULES ?? '[]') as string[]) require(binding);

const app = new App();
const stack = new TerraformStack(app, 'floor');
new GoogleProvider(stack, 'google', { project: 'floor-project', region: 'us-central1' });
new ComputeNetwork(stack, 'network', { name: 'floor', autoCreateSubnetworks: false });
app.synth();
