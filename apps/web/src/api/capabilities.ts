import { ref } from 'vue';

/**
 * Which operations this API offers, read once from its OpenAPI document (public, /docs-json). Features whose
 * endpoint the running API lacks (an export, a gift's trail, indicators above a community) show as
 * unavailable instead of failing or pretending.
 */
const operations = ref<Set<string> | null>(null);
let loading: Promise<void> | null = null;

export const loadCapabilities = (): Promise<void> => {
  loading ??= fetch('/docs-json')
    .then((response) => (response.ok ? (response.json() as Promise<{ paths: Record<string, Record<string, object>> }>) : { paths: {} }))
    .then((document) => {
      const found = new Set<string>();
      for (const [path, item] of Object.entries(document.paths)) for (const method of Object.keys(item as object)) found.add(`${method.toUpperCase()} ${path}`);
      operations.value = found;
    })
    .catch(() => {
      operations.value = new Set();
    });
  return loading;
};

/** True when the API documents `METHOD /path/{param}` (as OpenAPI spells it). */
export const offers = (operation: string): boolean => operations.value?.has(operation) ?? false;
