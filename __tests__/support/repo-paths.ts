import * as path from 'path';

// Apart from helpers.ts, which loads cdktf, a provider and the config loader (about a second per
// suite): suites that only run scripts or spawn the app need the paths alone.

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The tests' copy of the shipped default config. Tests never read mesh.config.yaml: that file is
 * the user's, and a team that edits it (or sets MESH_CONFIG) keeps npm test green.
 */
export const DEFAULT_FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'default.yaml');
