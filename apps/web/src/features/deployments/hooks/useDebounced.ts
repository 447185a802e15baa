import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `ms` (the pre-flight is asked as the operator types). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    // Compared by content (key), not by identity: the value is read back from its key.
    const timer = setTimeout(() => setV(JSON.parse(key) as T), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return v;
}
