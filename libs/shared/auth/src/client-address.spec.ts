import { describe, expect, it } from '@jest/globals';
import { clientBucket } from './client-address.js';

describe('clientBucket', () => {
  it('Bucket_OfIpv4_IsTheAddress', () => {
    expect(clientBucket('203.0.113.7')).toBe('203.0.113.7');
  });

  it('Bucket_OfIpv4MappedIpv6_IsTheIpv4Address', () => {
    expect(clientBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('Bucket_OfTwoAddressesInOneSlash64_IsTheSame', () => {
    expect(clientBucket('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
    expect(clientBucket('2001:DB8:1:2:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
  });

  it('Bucket_OfNeighbouringSlash64s_Differs', () => {
    expect(clientBucket('2001:db8:1:3::a')).not.toBe(clientBucket('2001:db8:1:2::a'));
  });

  it('Bucket_OfNothingOrGarbage_IsStable', () => {
    expect(clientBucket(undefined)).toBe('unknown');
    expect(clientBucket('not-an-address')).toBe('not-an-address');
  });
});
