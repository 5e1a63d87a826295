import { defineConfig } from 'tsup';
import { baseTsupConfig } from '../../tsup.base';

// Neutral: the node and browser SDKs inject every platform API it uses.
export default defineConfig({ ...baseTsupConfig, platform: 'neutral' });
