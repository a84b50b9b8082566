import { nextTick, reactive, ref, watch, type Ref } from 'vue';
import { get, type Page } from '../api/client';
import { errorText } from '../api/errors';
import { onListChanged } from '../api/live';

const API_PAGE_LIMIT = 100;

/** What ListCard.vue shows of a list: its rows, the error of its last read, its paging and its query (for export). */
export interface PagedList {
  items: { value: unknown[] };
  error: Ref<string>;
  state: { page: number; next: string | null; limit: number };
  nextPage: () => unknown;
  previousPage: () => unknown;
  query: () => Record<string, unknown>;
}

/**
 * A list page of the API with its filters and cursor paging (`limit`, opaque `cursor`), reloaded when its
 * filters change and, live, when the server says the list changed (read at that position, so the new fact shows).
 */
export const usePagedList = <T, F extends Record<string, string | number | boolean | undefined>>(
  path: string,
  fixed: () => Record<string, string | number | boolean>,
  filters: F,
  options: { limit?: number; live?: string[] } = {},
) => {
  const items = ref<T[]>([]) as { value: T[] };
  const loading = ref(false);
  const error = ref('');
  const state = reactive({ cursors: [null] as (string | null)[], page: 0, next: null as string | null, limit: options.limit ?? 20 });

  const load = async (minPosition?: number) => {
    loading.value = true;
    error.value = '';
    performance.mark('wushe:list-fetch-start');
    try {
      // The API serves at most 100 a page; a larger page size follows its cursors.
      const collected: T[] = [];
      let cursor = state.cursors[state.page] ?? undefined;
      let next: string | null = null;
      do {
        const page: Page<T> = await get<Page<T>>(path, {
          ...fixed(), ...filters, limit: Math.min(API_PAGE_LIMIT, state.limit - collected.length), cursor, ...(minPosition ? { minPosition } : {}),
        });
        collected.push(...page.items);
        next = page.nextCursor;
        cursor = next ?? undefined;
      } while (next && collected.length < state.limit);
      performance.measure('wushe:list-fetch', 'wushe:list-fetch-start');
      // How long drawing the rows takes, from the data's arrival to the next paint (reported by the browser tests).
      performance.mark('wushe:list-render-start');
      items.value = collected;
      state.next = next;
      await nextTick();
      requestAnimationFrame(() => setTimeout(() => performance.measure('wushe:list-render', 'wushe:list-render-start')));
    } catch (caught) {
      error.value = errorText(caught, '加载失败');
    } finally {
      loading.value = false;
    }
  };
  const first = () => {
    state.cursors = [null];
    state.page = 0;
    return load();
  };
  const nextPage = () => {
    if (!state.next) return;
    state.cursors[state.page + 1] = state.next;
    state.page += 1;
    return load();
  };
  const previousPage = () => {
    if (state.page === 0) return;
    state.page -= 1;
    return load();
  };
  watch(filters, () => void first(), { deep: true });
  watch(() => state.limit, () => void first());
  if (options.live) onListChanged(options.live, (position) => void load(position));
  return { items, loading, error, state, load, first, nextPage, previousPage, query: () => ({ ...fixed(), ...filters }) };
};

/**
 * One record of the API (a project, a volunteer) read again when its list changes live, at the position the
 * change names; `load(position)` after a command reads it with that command's facts.
 */
export const useRecord = <T>(path: () => string | null, options: { live?: string[] } = {}) => {
  const record = ref<T | null>(null) as Ref<T | null>;
  const error = ref('');
  const load = async (minPosition?: number) => {
    const at = path();
    if (!at) return;
    try {
      record.value = await get<T>(at, minPosition ? { minPosition } : {});
      error.value = '';
    } catch (caught) {
      error.value = errorText(caught, '加载失败');
    }
  };
  if (options.live) onListChanged(options.live, (position) => void load(position));
  return { record, error, load };
};
