// `npm run schema`: regenerates mesh.config.schema.json from the config validator.
import * as fs from 'fs';
import * as path from 'path';
import { meshConfigJsonSchema } from '../src/config/json-schema';

const file = path.resolve(__dirname, '..', 'mesh.config.schema.json');
fs.writeFileSync(file, meshConfigJsonSchema());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
