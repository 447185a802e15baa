import { useEffect, useState } from 'react';

/** The current time, updated every `everyMs`, so that ages ("12 s ago") keep moving. */
export function useNow(everyMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
