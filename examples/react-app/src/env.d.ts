interface ImportMetaEnv {
  readonly VITE_CONFIG_URL?: string;
  readonly VITE_CONFIG_API_KEY?: string;
}
