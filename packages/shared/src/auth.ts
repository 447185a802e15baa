import { z } from 'zod';
import { text } from './text';
import { PERMISSIONS, ROLES, TOKEN_SCOPES } from './constants';

export const RoleSchema = z.enum(ROLES);
export const PermissionSchema = z.enum(PERMISSIONS);
export const TokenScopeSchema = z.enum(TOKEN_SCOPES);

/** Lower-case letters, digits and `.-_@`, so a name is the same in the audit trail and the URL. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'input.usernameNeeded')
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._@-]*$/, 'input.username');

/** Long passphrases are welcome; the upper bound keeps a hash request from becoming a DoS. */
export const NewPasswordSchema = text({
  min: 10,
  max: 256,
  minMessage: 'input.minChars',
});
/** At sign-in any string up to the bound is checked (an old short password still works). */
const PasswordSchema = text({ min: 1, max: 256, minMessage: 'input.passwordNeeded' });

export const SignInInputSchema = z.object({ username: text({ max: 256 }), password: PasswordSchema }).strict();
export type SignInInput = z.infer<typeof SignInInputSchema>;

export const SetupInputSchema = z
  .object({ setupToken: text({ min: 1, max: 200 }), username: UsernameSchema, password: NewPasswordSchema })
  .strict();
export type SetupInput = z.infer<typeof SetupInputSchema>;

export const SessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  permissions: z.array(PermissionSchema),
  source: z.enum(['local', 'oidc']),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** The signed-in user and the token that must accompany every mutation (CSRF). */
export const SessionSchema = z.object({ user: SessionUserSchema, csrfToken: z.string(), expiresAt: z.string() });
export type Session = z.infer<typeof SessionSchema>;

export const DemoAccountSchema = z.object({ username: z.string(), password: z.string(), role: RoleSchema });

/** What the sign-in page needs to know before anyone has signed in. */
export const SignInOptionsSchema = z.object({
  /** No user exists yet: the first visitor sets up the admin with the token from the log. */
  setupRequired: z.boolean(),
  /** Embedded demo mode only: one account per role, with its password. */
  demoAccounts: z.array(DemoAccountSchema),
  oidc: z.object({ label: z.string() }).nullable(),
});
export type SignInOptions = z.infer<typeof SignInOptionsSchema>;

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  source: z.enum(['local', 'oidc']),
  disabled: z.boolean(),
  demo: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

const roles = z
  .array(RoleSchema)
  .min(1, 'input.roleNeeded')
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'input.roleOnce');
const displayName = text({ trim: true, max: 128 });

export const CreateUserInputSchema = z
  .object({ username: UsernameSchema, displayName: displayName.optional(), password: NewPasswordSchema, roles })
  .strict();
export type CreateUserInput = z.infer<typeof CreateUserInputSchema>;

export const UpdateUserInputSchema = z
  .object({
    id: z.uuid(),
    displayName: displayName.optional(),
    roles: roles.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof UpdateUserInputSchema>;

export const ResetPasswordInputSchema = z.object({ id: z.uuid(), password: NewPasswordSchema }).strict();
export const ChangeOwnPasswordInputSchema = z.object({ current: PasswordSchema, password: NewPasswordSchema }).strict();

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the secret, so an operator can tell tokens apart in logs. */
  prefix: z.string(),
  scopes: z.array(TokenScopeSchema),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  /** Requests must carry an HMAC signature (`X-Ralf-Signature`) made with the token's signing secret. */
  signed: z.boolean(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const CreateTokenInputSchema = z
  .object({
    name: text({ trim: true, min: 1, max: 64, minMessage: 'input.nameNeeded' }).regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
      'letters, digits and . _ - only',
    ),
    scopes: z
      .array(TokenScopeSchema)
      .min(1, 'input.scopeNeeded')
      .refine((s) => new Set(s).size === s.length, 'input.scopeOnce'),
    /** Days until it expires; null for a token that does not expire. */
    expiresInDays: z.number().int().min(1).max(3650).nullable(),
    /** Require an HMAC signature over timestamp and body on every request (issue 4). */
    signed: z.boolean().default(false),
  })
  .strict();
export type CreateTokenInput = z.input<typeof CreateTokenInputSchema>;

/** The one answer that carries a token's secret; it is not stored and cannot be shown again. */
export const CreatedTokenSchema = z.object({
  token: ApiTokenSchema,
  secret: z.string(),
  signingSecret: z.string().nullable(),
});
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;

export const IdInputSchema = z.object({ id: z.uuid() }).strict();
