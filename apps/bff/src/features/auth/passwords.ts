import { hash, verify } from '@node-rs/argon2';

/** Password hashing behind one seam, so tests can count how often a hash is checked. */
export interface Passwords {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a hash that is not ours; never throws on bad input. */
  verify(hash: string, password: string): Promise<boolean>;
}

// argon2id with OWASP's second recommended setting (19 MiB, 2 passes, 1 lane): about 30 ms here.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const argon2Passwords: Passwords = {
  hash: (password) => hash(password, OPTIONS),
  async verify(h, password) {
    try {
      return await verify(h, password);
    } catch {
      return false;
    }
  },
};
