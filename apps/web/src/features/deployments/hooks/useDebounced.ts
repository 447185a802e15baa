import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `ms` (the pre-flight is asked as the operator types). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [key, ms]); // compared by content (key), not by identity
  return v;
}
