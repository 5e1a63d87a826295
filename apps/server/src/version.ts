/** Set at build time from package.json; "dev" when run from source. */
declare const __SERVER_VERSION__: string | undefined;
export const SERVER_VERSION: string = typeof __SERVER_VERSION__ === 'string' ? __SERVER_VERSION__ : 'dev';
