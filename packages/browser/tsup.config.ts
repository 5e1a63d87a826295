import { defineConfig } from 'tsup';
import { baseTsupConfig } from '../../tsup.base';

// Neutral: the same build runs in browsers and, for server-side rendering, in Node.
export default defineConfig({ ...baseTsupConfig, platform: 'neutral' });
