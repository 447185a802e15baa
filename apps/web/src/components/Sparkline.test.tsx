import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Sparkline } from './Sparkline';

describe('the sparkline', () => {
  it('breaks its line at a gap instead of drawing straight across it, and shows a lone sample as a dot', () => {
    const { container } = render(<Sparkline label="CPU" values={[0.1, 0.2, null, null, 0.5, 0.4, null, 0.9]} />);
    const lines = container.querySelectorAll('polyline');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.getAttribute('points')!.split(' ')).toHaveLength(2);
    expect(container.querySelectorAll('circle')).toHaveLength(1);
  });

  it('draws one line when nothing is missing', () => {
    const { container } = render(<Sparkline label="CPU" values={[0.1, 0.2, 0.3]} />);
    expect(container.querySelectorAll('polyline')).toHaveLength(1);
    expect(container.querySelectorAll('circle')).toHaveLength(0);
  });
});
