/** API-key scopes of the stores routes: a write key may also read. */
export const READ_SCOPES = ['stores:read', 'stores:write'] as const;
export const WRITE_SCOPES = ['stores:write'] as const;
