import { defineConfig } from 'tsup';
import { baseTsupConfig } from '../../tsup.base';

// Two entry points, one per OpenFeature SDK; the SDKs and the config-service clients are peers.
export default defineConfig({ ...baseTsupConfig, entry: { 'server/index': 'src/server/index.ts', 'web/index': 'src/web/index.ts' }, platform: 'neutral' });
