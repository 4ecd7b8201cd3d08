import { describe, expect, it } from 'vitest';
import { seal, unseal } from '../../../server/booking/seal.ts';
import { hashToken, newToken } from '../../../server/http/tokens.ts';

describe('sealing with a bearer token', () => {
  const token = newToken();

  it('opens with the token it was sealed with, for the same purpose', () => {
    const sealed = seal(token, 'manage-token', 'the manage token');
    expect(unseal(token, 'manage-token', sealed)).toBe('the manage token');
  });

  it('does not open with another token, another purpose, or the token\'s stored hash', () => {
    const sealed = seal(token, 'manage-token', 'secret');
    expect(unseal(newToken(), 'manage-token', sealed)).toBeNull();
    expect(unseal(token, 'idempotent-answer', sealed)).toBeNull();
    expect(unseal(hashToken(token), 'manage-token', sealed)).toBeNull();
  });

  it('detects any change to what is stored', () => {
    const sealed = seal(token, 'manage-token', 'secret');
    const [version, iv, body, tag] = sealed.split('.');
    const flip = (part: string) => `${part[0] === 'A' ? 'B' : 'A'}${part.slice(1)}`;
    for (const altered of [[version, iv, flip(body!), tag], [version, flip(iv!), body, tag], [version, iv, body, flip(tag!)], ['v0', iv, body, tag]]) {
      expect(unseal(token, 'manage-token', altered.join('.'))).toBeNull();
    }
    expect(unseal(token, 'manage-token', 'garbage')).toBeNull();
  });

  it('never seals the same text to the same bytes twice', () => {
    expect(seal(token, 'manage-token', 'x')).not.toBe(seal(token, 'manage-token', 'x'));
  });
});
