import { describe, expect, it } from 'vitest';
import { nodeNameOf } from './discovered.service';

describe("a joined host's node name", () => {
  it('is its short hostname in the letters Proxmox allows, else made of its MAC', () => {
    const mac = '3c:ec:ef:12:34:56';
    expect(nodeNameOf({ hostname: 'nuc-13.lab.example', mac })).toBe('nuc-13');
    expect(nodeNameOf({ hostname: 'NUC_13', mac })).toBe('nuc-13');
    expect(nodeNameOf({ hostname: null, mac })).toBe('host-123456');
    expect(nodeNameOf({ hostname: '--', mac })).toBe('host-123456');
  });
});
