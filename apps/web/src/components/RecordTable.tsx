import type { ReactNode } from 'react';

export interface Column {
  label: ReactNode;
  /** Right-aligned figures. */
  num?: boolean;
}

/** A card with a table of records (users, tokens, audit events, deployments): the head from `columns`, the rows as children. */
export function RecordTable({
  columns,
  caption,
  className,
  children,
}: {
  columns: Column[];
  caption?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="card table-wrap">
      <table className={className ? `table ${className}` : 'table'}>
        {caption}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} className={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
