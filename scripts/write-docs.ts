// `npm run docs`: regenerates what the repository documents from code: the config JSON Schema,
// docs/policy.md's policy rules, waivers and scanner commands, and the README's list of waivers.
import * as fs from 'fs';
import * as path from 'path';
import { meshConfigJsonSchema } from '../src/config/json-schema';
import { POLICY_DOC, policySection, README, reportedWaivers, waiverListSection, withPolicySection, withWaiverList } from '../src/tools/policy-report';

const root = path.resolve(__dirname, '..');
fs.writeFileSync(path.join(root, 'mesh.config.schema.json'), meshConfigJsonSchema());
// The reported configs are synthesized once, for both documents.
const report = reportedWaivers();
const rewrite = (file: string, update: (text: string) => string) =>
  fs.writeFileSync(path.join(root, file), update(fs.readFileSync(path.join(root, file), 'utf8')));
rewrite(POLICY_DOC, (text) => withPolicySection(text, policySection(report)));
rewrite(README, (text) => withWaiverList(text, waiverListSection(report)));
console.log(`wrote mesh.config.schema.json, the policy section of ${POLICY_DOC} and the waiver list of ${README}`);
