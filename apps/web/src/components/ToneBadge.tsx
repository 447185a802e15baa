import type { HTMLAttributes, ReactNode } from 'react';

/**
 * A state as a dot in its tone and its word (never colour alone): the one markup behind the
 * guest, deployment, plan, trail-outcome and health badges. Extra attributes (test ids,
 * `data-status`) pass through.
 */
export function ToneBadge({
  tone,
  children,
  ...rest
}: { tone: string; children: ReactNode } & HTMLAttributes<HTMLSpanElement> & Record<`data-${string}`, string>) {
  return (
    <span className={`badge tone-${tone}`} {...rest}>
      <span className="dot" aria-hidden="true" />
      {children}
    </span>
  );
}
