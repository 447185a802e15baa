import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './policy-dir';

describe('where a JSON file stops being JSON', () => {
  it('finds the first character a JSON reader cannot take', () => {
    for (const good of ['{"a":[1,2.5,-3e2,true,false,null,"x\\"y"]}', '[]', '  {}  '])
      expect(jsonErrorOffset(good)).toBe(-1);
    expect(jsonErrorOffset('[\n  { "policy": "open-ports",\n    "target": }\n')).toBe(
      '[\n  { "policy": "open-ports",\n    "target": '.length,
    );
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset("{'a': 1}")).toBe(1);
    expect(jsonErrorOffset('[1, 2')).toBe(5);
    expect(jsonErrorOffset('{} x')).toBe(3);
  });
});
