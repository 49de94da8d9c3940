// `npm run docs`: regenerates what the repository documents from code: the config JSON Schema
// and the README's policy rules and waivers.
import * as fs from 'fs';
import * as path from 'path';
import { meshConfigJsonSchema } from '../src/config/json-schema';
import { withPolicySection } from '../src/tools/policy-report';

const root = path.resolve(__dirname, '..');
fs.writeFileSync(path.join(root, 'mesh.config.schema.json'), meshConfigJsonSchema());
const readme = path.join(root, 'README.md');
fs.writeFileSync(readme, withPolicySection(fs.readFileSync(readme, 'utf8')));
console.log('wrote mesh.config.schema.json and the policy section of README.md');
