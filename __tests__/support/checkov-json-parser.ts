/**
 * What checkov's terraform_json parser can read, modelled on bridgecrewio/checkov
 * checkov/terraform_json/parser.py (3.3.13): `prepare_definition` hands every top-level value but
 * the `//` comment to `handle_block_type`, which iterates it as a mapping of block names; for
 * `resource` and `data` each name maps resource names to configs, for `provider` to a list of
 * configs, `locals` is taken whole, and any other block's every entry goes to `hclify`, which
 * raises unless it is a mapping. Anything else stops the whole scan (checkov-action#185).
 */
const COMMENT = '//';

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The top-level blocks of `json` checkov's parser would stop at, each with why. */
export function checkovParserStops(json: Record<string, unknown>): string[] {
  const stops: string[] = [];
  for (const [blockType, blocks] of Object.entries(json)) {
    if (blockType === COMMENT || blockType === 'locals') continue;
    if (!isMapping(blocks)) {
      stops.push(`${blockType}: a ${Array.isArray(blocks) ? 'list' : typeof blocks}, not a mapping of block names`);
      continue;
    }
    for (const [name, config] of Object.entries(blocks)) {
      if (name === COMMENT) continue;
      if (blockType === 'resource' || blockType === 'data') {
        if (!isMapping(config) || Object.entries(config).some(([resourceName, body]) => resourceName !== COMMENT && !isMapping(body)))
          stops.push(`${blockType}.${name}: not a mapping of names to configs`);
      } else if (blockType === 'provider') {
        if (!Array.isArray(config) || !config.every(isMapping)) stops.push(`provider.${name}: not a list of configs`);
      } else if (!isMapping(config)) {
        stops.push(`${blockType}.${name}: a ${Array.isArray(config) ? 'list' : typeof config}, which hclify refuses`);
      }
    }
  }
  return stops;
}
