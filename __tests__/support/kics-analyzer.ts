/**
 * How kics tells a `.json` file's platform, modelled on Checkmarx/kics pkg/analyzer/analyzer.go
 * (checkContent): every platform key is tried in reverse alphabetical order, the first whose
 * patterns all occur in the file wins, and `cdkTf` counts as terraform. With `--type`, only the
 * keys of the named platforms are tried (terraform: `terraform` and `cdkTf`). kics then loads the
 * queries of the platforms it found, and only those. (Its override of kubernetes by
 * azureresourcemanager needs a `"contentVersion":`, which no stack has.)
 */
const key = (name: string) => new RegExp(`("${name}"|${name})\\s*:`);
const quoted = (name: string) => new RegExp(`"${name}"\\s*:`);

/** Each platform key and the patterns that must all occur (the JSON-relevant part of kics' table). */
const PLATFORM_PATTERNS: Record<string, readonly RegExp[]> = {
  azureresourcemanager: [quoted('contentVersion'), quoted('resources')],
  blueprint: [key('targetScope'), key('properties')],
  buildah: [/buildah\s*from\s*\w+/],
  cdkTf: [quoted('metadata'), quoted('stackName'), quoted('terraform')],
  cloudformation: [key('Resources')],
  crossplane: [/"?apiVersion"?\s*:\s*(\w+\.)+crossplane\.io\/v\w+\s*/, key('kind')],
  dockercompose: [/services\s*:[\w\W]+(image|build)\s*:/],
  knative: [/"?apiVersion"?\s*:\s*(\w+\.)+knative\.dev\/v\w+\s*/, key('kind')],
  kubernetes: [key('apiVersion'), key('kind')],
  openapi: [/("(openapi|swagger)"|(openapi|swagger))\s*:/, key('info'), /("(paths|components|webhooks)"|(paths|components|webhooks))\s*:/],
  policyAssignmentArtifact: [key('kind'), key('properties'), key('parameters'), key('policyDefinitionId')],
  pulumi: [/name\s*:/, /runtime\s*:/, /resources\s*:/],
  roleAssignmentArtifact: [key('kind'), key('properties'), key('principalIds'), key('roleDefinitionId')],
  serverlessfw: [/service\s*:/, /provider\s*:/],
  templateArtifact: [key('kind'), key('properties'), key('parameters'), key('template')],
  terraform: [quoted('configuration'), quoted('planned_values'), quoted('resource_changes'), quoted('terraform_version')],
};

/** `--type` values and the keys they try. */
const KEYS_OF_TYPE: Record<string, readonly string[]> = { terraform: ['terraform', 'cdkTf'], kubernetes: ['kubernetes'] };

/** The platform kics takes `content` (a .json file) for, or undefined when none matches. */
export function detectPlatform(content: string, types: readonly string[] = []): string | undefined {
  const keys = (types.length > 0 ? types.flatMap((type) => KEYS_OF_TYPE[type] ?? []) : Object.keys(PLATFORM_PATTERNS)).sort().reverse();
  const found = keys.find((name) => PLATFORM_PATTERNS[name].every((pattern) => pattern.test(content)));
  return found === 'cdkTf' ? 'terraform' : found;
}
