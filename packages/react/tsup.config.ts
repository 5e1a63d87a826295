import { defineConfig } from 'tsup';
import { baseTsupConfig } from '../../tsup.base';

// Neutral: rendered in browsers and on the server. `react` is a peer and stays external.
export default defineConfig({ ...baseTsupConfig, platform: 'neutral' });
