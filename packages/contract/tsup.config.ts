import { defineConfig } from 'tsup';
import { baseTsupConfig } from '../../tsup.base';

// Neutral: the server (node) and the MSW mock (node and browser) both run the engine.
export default defineConfig({ ...baseTsupConfig, platform: 'neutral' });
