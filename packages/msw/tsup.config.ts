import { defineConfig } from 'tsup';
import { baseTsupConfig } from '../../tsup.base';

// Neutral: the same handlers run under msw/node (setupServer) and msw/browser (setupWorker).
export default defineConfig({ ...baseTsupConfig, platform: 'neutral' });
