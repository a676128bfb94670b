/** API-key scopes of the customers routes: a write key may also read. Full personal data needs `customers:pii` too (customer-privacy.ts). */
export const READ_SCOPES = ['customers:read', 'customers:write'] as const;
export const WRITE_SCOPES = ['customers:write'] as const;
