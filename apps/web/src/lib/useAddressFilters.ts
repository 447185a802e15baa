import { useSearchParams } from 'react-router';

/**
 * A page's filters kept in the address (bookmarkable): the current values, and a setter that
 * sets one filter or, given an empty value, removes it, without adding a history entry.
 */
export function useAddressFilters() {
  const [params, setParams] = useSearchParams();
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return [params, setFilter] as const;
}
