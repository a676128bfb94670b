import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The one live sign-in code of a phone (a new request replaces it), whether or not a customer has
 * the phone yet. Only its HMAC is stored; it works once (`used_at`), until `expires_at`, and not after
 * MAX_SIGN_IN_CODE_TRIES tries. The same rules as staff password-reset codes.
 */
@Entity('customer_sign_in_code')
@Check('ck_customer_sign_in_code_attempts', `"attempts" >= 0`)
export class CustomerSignInCode {
  /** E.164. */
  @PrimaryColumn('text')
  phone!: string;

  /** HMAC-SHA256 of the code under the server's secret, bound to the phone. */
  @Column({ type: 'text' })
  codeHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Sign-ins tried with this code, right or wrong. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;
}
