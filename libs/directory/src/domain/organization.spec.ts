import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@kelisim/kernel';
import { Organization } from './organization.js';
import { normalizeEmail, User } from './user.js';
import { InvalidIdentificationNumberError, ReferenceCycleError } from './directory.errors.js';

describe('Organization', () => {
  it('Create_WithoutTimezone_DefaultsToAsiaAlmatyAndRecordsOrganizationCreated', () => {
    const organization = Organization.create('o1', { name: 'Мақтаарал ауданының әкімдігі', shortName: null, kind: 'akimat', parentId: null });
    expect(organization.state.timezone).toBe('Asia/Almaty');
    expect(organization.peekEvents()).toEqual([
      { type: 'OrganizationCreated', payload: expect.objectContaining({ organizationId: 'o1', kind: 'akimat' }) },
    ]);
  });

  it('Create_WithAFixedOffsetInsteadOfAZone_IsRejected', () => {
    expect(() => Organization.create('o1', { name: 'X', shortName: null, kind: 'ngo', parentId: null, timezone: '+05:00' })).toThrow(ValidationError);
  });

  it('Update_WhenNothingChanges_RecordsNothing; WhenNameChanges_RecordsOnlyTheChange', () => {
    const organization = Organization.restore('o1', 1, { name: 'A', shortName: null, kind: 'ngo', parentId: null, timezone: 'Asia/Almaty', bin: null });
    organization.update({ name: 'A' });
    expect(organization.peekEvents()).toHaveLength(0);
    organization.update({ name: 'B', kind: 'ngo' });
    expect(organization.peekEvents()).toEqual([{ type: 'OrganizationUpdated', payload: { organizationId: 'o1', changes: { name: 'B' } } }]);
  });

  it('Create_WithAValidBin_KeepsIt; WithAWrongCheckDigit_IsRefusedNamingBin', () => {
    expect(Organization.create('o1', { name: 'A', shortName: null, kind: 'akimat', parentId: null, bin: '940140000385' }).state.bin).toBe('940140000385');
    const wrong = () => Organization.create('o1', { name: 'A', shortName: null, kind: 'akimat', parentId: null, bin: '940140000386' });
    expect(wrong).toThrow(InvalidIdentificationNumberError);
    expect(wrong).toThrow(expect.objectContaining({ field: 'bin', code: 'DIRECTORY.INVALID_BIN' }));
  });

  it('Update_WithAnIinInsteadOfABin_IsRefused', () => {
    const organization = Organization.restore('o1', 1, { name: 'A', shortName: null, kind: 'ngo', parentId: null, timezone: 'Asia/Almaty', bin: null });
    // 791028302728 is a valid IIN, but its fifth digit (a month's) is no kind of legal entity.
    expect(() => organization.update({ bin: '791028302728' })).toThrow(expect.objectContaining({ field: 'bin' }));
    expect(organization.peekEvents()).toHaveLength(0);
  });

  it('Update_WhenItsOwnParent_IsACycle', () => {
    const organization = Organization.restore('o1', 1, { name: 'A', shortName: null, kind: 'ngo', parentId: null, timezone: 'Asia/Almaty', bin: null });
    expect(() => organization.update({ parentId: 'o1' })).toThrow(ReferenceCycleError);
  });
});

describe('User', () => {
  const props = {
    fullName: 'Айгүл Серікқызы',
    email: ' Aigul@Maktaaral.KZ ',
    organizationId: 'o1',
    position: null,
    headId: null,
    roles: ['signatory', 'controller', 'signatory'] as never,
    locale: 'kk' as const,
    timezone: null,
  };

  it('Register_NormalizesEmailAndRoles_AndKeepsTheHashOutOfTheJournal', () => {
    const user = User.register('u1', props, '$argon2id$secret');
    expect(user.state.email).toBe('aigul@maktaaral.kz');
    expect(user.state.roles).toEqual(['controller', 'signatory']);
    expect(JSON.stringify(user.peekEvents())).not.toContain('argon2');
  });

  it('ChangePassword_RecordsTheFactButNotTheHash', () => {
    const user = User.restore('u1', 1, { ...props, email: 'a@b.kz', roles: [], active: true, emailDigest: false, iin: null }, 'old');
    user.changePassword('$argon2id$new', false);
    expect(user.passwordHash).toBe('$argon2id$new');
    expect(user.peekEvents()).toEqual([{ type: 'UserPasswordChanged', payload: { userId: 'u1', byAdmin: false } }]);
  });

  it('Update_WhenOwnHead_IsACycle', () => {
    const user = User.restore('u1', 1, { ...props, email: 'a@b.kz', roles: [], active: true, emailDigest: false, iin: null }, 'h');
    expect(() => user.update({ headId: 'u1' })).toThrow(ReferenceCycleError);
  });

  it('Register_WithAValidIin_KeepsIt; WithAWrongCheckDigit_IsRefusedNamingIin', () => {
    expect(User.register('u1', { ...props, iin: '791028302728' }, 'h').state.iin).toBe('791028302728');
    expect(() => User.register('u1', { ...props, iin: '791028302729' }, 'h')).toThrow(expect.objectContaining({ field: 'iin', code: 'DIRECTORY.INVALID_IIN' }));
  });

  it('NormalizeEmail_IgnoresCaseAndSpaces', () => {
    expect(normalizeEmail('  A@B.KZ ')).toBe('a@b.kz');
  });
});
