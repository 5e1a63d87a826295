/**
 * Stands in for codemirror-json-schema's `utils/markdown` (see vite.config.ts): the schema's
 * descriptions and messages shown as escaped plain text. The original renders them with
 * markdown-it and highlights code with shiki, whose WebAssembly regex engine the console's CSP
 * refuses ('wasm-unsafe-eval' is not granted) and which would add ~180 KB gzip to the editor.
 */
export function renderMarkdown(markdown: string, _inline = true): string {
  return markdown.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
