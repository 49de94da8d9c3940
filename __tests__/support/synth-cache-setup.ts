import { createSynthCacheFolder } from './synth-cache-folder';

export default (): void => createSynthCacheFolder();
