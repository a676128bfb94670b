import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import { ApiPageResponse } from '../../../common/http/pagination.js';
import type { Actor, StaffRole } from '../../../common/http/request-context.js';
import { ApiProblem, ApiReferenceNotFound } from '../../../common/openapi/index.js';
import { READ_SCOPES, WRITE_SCOPES } from '../privacy/customer-access.js';
import { CustomerAnonymizeService } from '../privacy/customer-anonymize.service.js';
import { CustomerHistoryService } from '../timeline/customer-history.service.js';
import { CustomerMergeService } from '../merge/customer-merge.service.js';
import { CustomerNotesService } from './customer-notes.service.js';
import { PII_SCOPE } from '../privacy/customer-privacy.js';
import { CustomersService } from './customers.service.js';
import { RateLimited } from '../search/customer-search.errors.js';
import { CustomerErrors } from '../customers.errors.js';
import {
  BlockCustomerDto,
  CreateCustomerNoteDto,
  CustomerExportDto,
  CustomerNoteResponseDto,
  MergeCustomerDto,
  TimelineEntryDto,
  TimelineQueryDto,
  UnblockCustomerDto,
} from '../dto/customer-actions.dto.js';
import { CustomerResponseDto } from '../dto/customer-response.dto.js';
import { CreateCustomerDto, UpdateCustomerDto } from '../dto/customer.dto.js';

/** Front-desk roles: they register and edit customers. */
const EDITORS: readonly StaffRole[] = ['owner', 'manager', 'receptionist'];

/** The `:id` of a customer: an id that is not a UUID names nothing and answers `customer.not_found`. */
const CustomerId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => CustomerErrors.notFound() }));
const CustomerIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The customer', example: '8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0e' });
/** Ids the error examples show. */
const [EXAMPLE_ID, OTHER_ID] = ['8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0e', '5b0e2f7c-1d3a-4c8e-9f6b-2a7d8e9c0b1f'];
const NotFound = () => ApiProblem(404, 'customer.not_found', 'No customer has this id');
const Frozen = () => ApiProblem(409, 'customer.anonymized', 'The customer was anonymized (or, `customer.merged`, merged into another record): it can no longer change');

/**
 * The customer profile routes (list, search and CSV export are in CustomerSearchController).
 * Customers belong to the business: all staff read them; what personal data they see depends on
 * their role (customer-privacy.ts).
 */
@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(CustomerNotesService) private readonly notes: CustomerNotesService,
    @Inject(CustomerHistoryService) private readonly history: CustomerHistoryService,
    @Inject(CustomerMergeService) private readonly merges: CustomerMergeService,
    @Inject(CustomerAnonymizeService) private readonly erasure: CustomerAnonymizeService,
  ) {}

  @Post()
  @Allow({ roles: EDITORS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Register a customer (owners, managers, receptionists); the phone is unique in the business' })
  @ApiCreatedResponse({ type: CustomerResponseDto, description: 'The customer; `ETag` carries its version' })
  @ApiProblem(
    409,
    'customer.phone_taken',
    'Another customer has this phone (as its `phone` or among its `otherPhones`): `existingCustomerId` and `existingCustomer` (name, primary phone) name it, except to API keys without `customers:pii`, which are told only that it is taken; ' +
      'or (`customer.wechat_open_id_taken`) another customer has this `wechatOpenId`',
    CustomerErrors.phoneTaken({ id: EXAMPLE_ID, name: '王小红', phone: '+8613812345678' }),
  )
  @ApiReferenceNotFound('homeStoreId', 'store', 'No store has this `homeStoreId`, or no customer this `referredById`')
  @RateLimited()
  create(@CurrentActor() actor: Actor, @Body() body: CreateCustomerDto): Promise<CustomerResponseDto> {
    return this.customers.create(actor, body);
  }

  @Get(':id')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({
    summary: 'Read a customer',
    description:
      'Beauticians, and API keys without `customers:pii`, see the phone and e-mail masked (`138****5678`) and no birthday or addresses. ' +
      'Every full read by an API key is audited. A merged record answers with status `merged` and `mergedIntoId`.',
  })
  @CustomerIdParam()
  @ApiOkResponse({ type: CustomerResponseDto, description: 'The customer; `ETag` carries its version' })
  @NotFound()
  get(@CurrentActor() actor: Actor, @CustomerId() id: string): Promise<CustomerResponseDto> {
    return this.customers.get(actor, id);
  }

  @Patch(':id')
  @Allow({ roles: EDITORS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Change a customer (owners, managers, receptionists); If-Match required; consent changes are recorded' })
  @CustomerIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: CustomerResponseDto })
  @NotFound()
  @ApiProblem(
    409,
    'customer.phone_taken',
    'Another customer has one of these numbers (`existingCustomerId`, `existingCustomer`, not told to API keys without `customers:pii`); or this `wechatOpenId` (`customer.wechat_open_id_taken`); or the customer was anonymized or merged (`customer.anonymized`, `customer.merged`)',
    CustomerErrors.phoneTaken({ id: EXAMPLE_ID, name: '王小红', phone: '+8613812345678' }),
  )
  @ApiReferenceNotFound('homeStoreId', 'store', 'No store has this `homeStoreId`, or no customer this `referredById`')
  @RateLimited()
  update(@CurrentActor() actor: Actor, @CustomerId() id: string, @IfMatchVersion() version: number, @Body() body: UpdateCustomerDto): Promise<CustomerResponseDto> {
    return this.customers.update(actor, id, version, body);
  }

  @Post(':id/block')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Block a customer: no new bookings or orders (owners, managers; idempotent)',
    description: 'The reason is required; it is kept in the status history and shown on the timeline. Blocking a blocked customer changes nothing.',
  })
  @CustomerIdParam()
  @ApiOkResponse({ type: CustomerResponseDto })
  @NotFound()
  @Frozen()
  block(@CurrentActor() actor: Actor, @CustomerId() id: string, @Body() body: BlockCustomerDto): Promise<CustomerResponseDto> {
    return this.customers.block(actor, id, body.reason);
  }

  @Post(':id/unblock')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: "Unblock a customer (owners, managers; idempotent); the optional reason is kept as the block's is" })
  @ApiBody({ type: UnblockCustomerDto, required: false })
  @CustomerIdParam()
  @ApiOkResponse({ type: CustomerResponseDto })
  @NotFound()
  @Frozen()
  unblock(@CurrentActor() actor: Actor, @CustomerId() id: string, @Body() body: UnblockCustomerDto): Promise<CustomerResponseDto> {
    return this.customers.unblock(actor, id, body.reason ?? null);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Merge a duplicate record into this customer (owners, managers)',
    description:
      "The duplicate's phone numbers and e-mails become this customer's `otherPhones` and `otherEmails` (its number keeps finding the person and cannot be registered again); " +
      'its notes, consent and block history (marked on the timeline as coming from the merged record), figures (summed) and referrals move here; empty fields are filled from it; ' +
      "tags, addresses, allergies and notification opt-outs are united, free-text notes joined; the source is the older record's; a blocked duplicate leaves this customer blocked; " +
      "the duplicate's mini-program openid moves here when this customer has none (else it stays on the merged record). " +
      'The duplicate stays as status `merged` with `mergedIntoId`; the `customer.merged` event tells other modules to move their references.',
  })
  @CustomerIdParam()
  @ApiOkResponse({ type: CustomerResponseDto, description: 'The surviving customer' })
  @NotFound()
  @ApiProblem(
    409,
    'customer.already_merged',
    'The duplicate was already merged; or either record was anonymized (`customer.anonymized`) or this one merged (`customer.merged`); or their spend is in different currencies (`customer.currency_mismatch`)',
    CustomerErrors.alreadyMerged(OTHER_ID, EXAMPLE_ID),
  )
  @ApiProblem(422, 'customer.merge_self', 'The duplicate is this customer; or (`reference.not_found`) no customer has `duplicateId`', CustomerErrors.mergeSelf())
  merge(@CurrentActor() actor: Actor, @CustomerId() id: string, @Body() body: MergeCustomerDto): Promise<CustomerResponseDto> {
    return this.merges.merge(actor, id, body.duplicateId);
  }

  @Post(':id/anonymize')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({
    summary: 'Erase the personal data of a customer, irreversibly (owners, managers; idempotent)',
    description:
      'Name becomes "Anonymized customer"; phones, e-mails, gender, birthday, addresses, care notes, tags, consents, notes, the mini-program openid, the preferred channel and opt-outs are cleared (the language back to `zh-CN`), and note texts and block reasons erased. ' +
      'Figures and transactional history stay with the record. Records merged into it are erased too. An anonymized customer can no longer be edited or merged.',
  })
  @CustomerIdParam()
  @ApiOkResponse({ type: CustomerResponseDto })
  @NotFound()
  @ApiProblem(409, 'customer.merged', 'The record was merged: anonymize the customer it was merged into', CustomerErrors.merged(OTHER_ID, EXAMPLE_ID))
  anonymize(@CurrentActor() actor: Actor, @CustomerId() id: string): Promise<CustomerResponseDto> {
    return this.erasure.anonymize(actor, id);
  }

  @Get(':id/export')
  @Allow({ roles: MANAGERS, scopes: [PII_SCOPE] })
  @ApiOperation({
    summary: 'Everything held about the person, as JSON (owners, managers, keys with customers:pii; audited)',
    description: 'For requests of access and portability (PIPL, GDPR): profile, figures, notes, consent history and the whole timeline.',
  })
  @CustomerIdParam()
  @ApiOkResponse({ type: CustomerExportDto })
  @NotFound()
  export(@CurrentActor() actor: Actor, @CustomerId() id: string): Promise<CustomerExportDto> {
    return this.history.export(actor, id);
  }

  @Get(':id/timeline')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({
    summary: 'What happened to the customer, newest first: profile changes, consents, notes (and later visits, orders, payments, complaints, messages)',
    description: 'Profile changes name the fields that changed, never their values. Note texts are left out for API keys without `customers:pii`.',
  })
  @CustomerIdParam()
  @ApiPageResponse(TimelineEntryDto, 'One page of the timeline, newest first')
  @NotFound()
  timeline(@CurrentActor() actor: Actor, @CustomerId() id: string, @Query() query: TimelineQueryDto): Promise<{ data: TimelineEntryDto[]; nextCursor: string | null }> {
    return this.history.timelinePage(actor, id, query);
  }

  @Post(':id/notes')
  @Allow({ roles: ALL_STAFF, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Add a staff note about the customer (all staff); it appears on the timeline' })
  @CustomerIdParam()
  @ApiCreatedResponse({ type: CustomerNoteResponseDto })
  @NotFound()
  @Frozen()
  addNote(@CurrentActor() actor: Actor, @CustomerId() id: string, @Body() body: CreateCustomerNoteDto): Promise<CustomerNoteResponseDto> {
    return this.notes.add(actor, id, body);
  }
}
