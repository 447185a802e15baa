import { describe, expect, it } from 'vitest';
import { fold, matchScore, queryWords, wordScore } from './search';

describe('search text', () => {
  it('folds accents, ligatures and case the way an operator types them', () => {
    expect(fold('Küchen-Pi')).toBe('kuchen-pi');
    expect(fold('Straße Ærø Łódź Crème')).toBe('strasse aero lodz creme');
    expect(queryWords('  Küche   PI ')).toEqual(['kuche', 'pi']);
  });

  it('ranks a whole name over a prefix over a word inside over letters in order, and drops noise', () => {
    const whole = wordScore('jellyfin', 'jellyfin')!;
    const prefix = wordScore('jelly', 'jellyfin')!;
    const word = wordScore('pi', 'kuchen-pi')!;
    const inside = wordScore('lyf', 'jellyfin')!;
    const fuzzy = wordScore('jlyfn', 'jellyfin')!;
    expect(whole).toBeGreaterThan(prefix);
    expect(prefix).toBeGreaterThan(word);
    expect(word).toBeGreaterThan(inside);
    expect(inside).toBeGreaterThan(fuzzy);
    expect(wordScore('zq', 'jellyfin')).toBeNull();
    // Letters far apart are noise, not a match.
    expect(wordScore('jn', 'jellyfin-media-server-on')).toBeNull();
  });

  it('needs every word to match some field, the name counting most', () => {
    const fields = ['home assistant (kuchen-pi)', 'qemu/202', 'smart-home'];
    expect(matchScore(['kuchen', 'home'], fields)).not.toBeNull();
    expect(matchScore(['kuchen', 'garage'], fields)).toBeNull();
    expect(matchScore(['smart'], ['smart-home', 'x'])!).toBeGreaterThan(matchScore(['smart'], ['x', 'smart-home'])!);
  });
});
