import { removeSynthCacheFolder } from './synth-cache-folder';

export default (): void => removeSynthCacheFolder();
