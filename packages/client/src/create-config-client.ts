import { ConfigClient } from './config-client';
import type { LiveClientOptions, RequestClientOptions } from './client-options';
import type { ClientPlatform } from './platform';
import { RequestConfigClient } from './request-client';

/**
 * The client for a platform: the platform packages call this with their fetch, WebSocket and
 * snapshot store. A live client starts syncing at once.
 */
export function createConfigClient(options: RequestClientOptions, platform: ClientPlatform): RequestConfigClient;
export function createConfigClient(options: LiveClientOptions, platform: ClientPlatform): ConfigClient;
export function createConfigClient(options: LiveClientOptions | RequestClientOptions, platform: ClientPlatform): ConfigClient | RequestConfigClient;
export function createConfigClient(options: LiveClientOptions | RequestClientOptions, platform: ClientPlatform): ConfigClient | RequestConfigClient {
  if (options.mode === 'request') return new RequestConfigClient(options, platform);
  return new ConfigClient(options, platform).start();
}
