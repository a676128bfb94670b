// Its own file, imported as a type: the OpenAPI plugin cannot describe an interface declared in an entity file.
/** Where an order is delivered (validated by the DTO; kept as given). */
export interface DeliveryAddress {
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district?: string;
  line1: string;
  line2?: string;
  postalCode?: string;
}
