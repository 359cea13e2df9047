import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@kelisim/kernel';
import { Organization } from './organization.js';
import { normalizeEmail, User } from './user.js';
import { ReferenceCycleError } from './directory.errors.js';

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
    const organization = Organization.restore('o1', 1, { name: 'A', shortName: null, kind: 'ngo', parentId: null, timezone: 'Asia/Almaty' });
    organization.update({ name: 'A' });
    expect(organization.peekEvents()).toHaveLength(0);
    organization.update({ name: 'B', kind: 'ngo' });
    expect(organization.peekEvents()).toEqual([{ type: 'OrganizationUpdated', payload: { organizationId: 'o1', changes: { name: 'B' } } }]);
  });

  it('Update_WhenItsOwnParent_IsACycle', () => {
    const organization = Organization.restore('o1', 1, { name: 'A', shortName: null, kind: 'ngo', parentId: null, timezone: 'Asia/Almaty' });
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
    const user = User.restore('u1', 1, { ...props, email: 'a@b.kz', roles: [], active: true, emailDigest: false }, 'old');
    user.changePassword('$argon2id$new', false);
    expect(user.passwordHash).toBe('$argon2id$new');
    expect(user.peekEvents()).toEqual([{ type: 'UserPasswordChanged', payload: { userId: 'u1', byAdmin: false } }]);
  });

  it('Update_WhenOwnHead_IsACycle', () => {
    const user = User.restore('u1', 1, { ...props, email: 'a@b.kz', roles: [], active: true, emailDigest: false }, 'h');
    expect(() => user.update({ headId: 'u1' })).toThrow(ReferenceCycleError);
  });

  it('NormalizeEmail_IgnoresCaseAndSpaces', () => {
    expect(normalizeEmail('  A@B.KZ ')).toBe('a@b.kz');
  });
});
