// The floor for `npm run bench`: the smallest useful cdktf app, one resource, same runner.
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformStack } from 'cdktf';

const app = new App();
const stack = new TerraformStack(app, 'floor');
new GoogleProvider(stack, 'google', { project: 'floor-project', region: 'us-central1' });
new ComputeNetwork(stack, 'network', { name: 'floor', autoCreateSubnetworks: false });
app.synth();
