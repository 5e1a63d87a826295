/** A hook used outside `<ConfigProvider>`, or a provider without what the hook needs. */
export class ConfigContextError extends Error {
  override readonly name = 'ConfigContextError';
}
