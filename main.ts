import { App } from 'cdktf';
import { ConfigError, loadConfigFromEnvironment } from './src/config';
import { buildApp } from './src/app';

// Validate the whole config before any stack exists, so a bad config writes nothing.
let config;
try {
  config = loadConfigFromEnvironment();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nNothing was synthesized.\n`);
    process.exit(1);
  }
  throw error;
}

const app = new App();
buildApp(app, config);
app.synth();
