/**
 * Shapes of the customer's jsonb columns. Apart from the entity file: the OpenAPI metadata generator
 * reads entity files and cannot name interfaces declared inside them.
 */
import type { ConsentChannel } from './customer.entity.js';

export interface CustomerAddress {
  label: string | null;
  recipient: string | null;
  phone: string | null;
  line1: string;
  line2: string | null;
  district: string | null;
  city: string;
  province: string | null;
  postalCode: string | null;
  country: string;
  isDefault: boolean;
}

/** A number of the customer's besides the primary `phone` (table `customer_phone`). */
export interface CustomerOtherPhone {
  number: string;
  label: string | null;
}

/** Sensitive: health-related data (PIPL "sensitive personal information"). */
export interface CareNotes {
  skinType: string | null;
  hairType: string | null;
  allergies: string[];
  other: string | null;
}

/** The current state of one marketing consent; its history is in `customer_consent_event`. */
export interface ConsentState {
  granted: boolean;
  /** When it was given or withdrawn (ISO 8601). */
  at: string;
  /** How: `in_store_form`, `online_checkbox`, `verbal`, `sms_reply`, `import`, `api`… */
  method: string;
}

export type Consents = Partial<Record<ConsentChannel, ConsentState>>;
