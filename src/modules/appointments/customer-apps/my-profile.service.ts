import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/http/request-context.js';
import { CustomersService, type CustomerResponseDto } from '../../customers/index.js';
import { customerOf } from './app-of.js';
import type { MeResponseDto, UpdateMeDto } from './dto/me.dto.js';

/** The signed-in customer's own profile basics, through CustomersService (audited there, as the customer). */
@Injectable()
export class MyProfileService {
  constructor(@Inject(CustomersService) private readonly customers: CustomersService) {}

  async get(actor: Actor): Promise<MeResponseDto> {
    return toMe(await this.customers.get(actor, await this.idOf(actor)));
  }

  async update(actor: Actor, expectedVersion: number, dto: UpdateMeDto): Promise<MeResponseDto> {
    // Only the basics reach CustomersService, whatever else the body carried (the DTO's whitelist drops the rest).
    const { name, email, locale, preferredChannel } = dto;
    return toMe(await this.customers.update(actor, await this.idOf(actor), expectedVersion, { name, email, locale, preferredChannel }));
  }

  /** The customer's record: the survivor once merged (the session follows the merge's event a moment later). */
  private async idOf(actor: Actor): Promise<string> {
    const id = customerOf(actor).id;
    return (await this.customers.resolveId(id)) ?? id;
  }
}

function toMe(customer: CustomerResponseDto): MeResponseDto {
  return {
    id: customer.id,
    name: customer.name,
    phone: customer.phone,
    email: customer.email,
    locale: customer.locale,
    preferredChannel: customer.preferredChannel,
    version: customer.version,
  };
}
