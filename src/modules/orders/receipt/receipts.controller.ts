import { Controller, Get, Header, Inject, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor } from '../../../common/auth/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { OrderErrors } from '../orders.errors.js';
import { receiptHtml } from './receipt-html.js';
import { receiptPdf } from './receipt-pdf.js';
import { ReceiptService } from './receipt.service.js';

const EXAMPLE_ORDER = '9c1e3a5b-7d9f-4b1d-8f3a-5c7e9b1d3f5a';
const READ = { roles: ALL_STAFF, scopes: ['orders:read', 'orders:write'] } as const;
const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The order', example: EXAMPLE_ORDER });
const NotFound = () => ApiProblem(404, 'order.not_found', 'No such order in the stores you see', OrderErrors.notFound(EXAMPLE_ORDER));
const RECEIPT =
  'In Chinese: the store’s name, address and phone, the order number, the time in the store’s zone, each line with the staff member who served it ' +
  'and its discount, the totals, the payments with their method (cash with what was handed over and the change) and the balance still due.';

@ApiTags('orders')
@Controller('v1/orders')
export class ReceiptsController {
  constructor(@Inject(ReceiptService) private readonly receipts: ReceiptService) {}

  @Get(':id/receipt')
  @Allow(READ)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The order’s receipt as a printable HTML page (every member of staff of its store)', description: RECEIPT })
  @IdParam()
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page (80 mm wide when printed)', content: { 'text/html': { schema: { type: 'string' } } } })
  @NotFound()
  async html(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<string> {
    return receiptHtml(await this.receipts.receipt(actor, id));
  }

  @Get(':id/receipt.pdf')
  @Allow(READ)
  @ApiOperation({ summary: 'The order’s receipt as a PDF (every member of staff of its store)', description: `${RECEIPT} The Chinese font is embedded.` })
  @IdParam()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF (`Content-Disposition: inline; filename="SO-….pdf"`)',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @NotFound()
  async pdf(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    const receipt = await this.receipts.receipt(actor, id);
    return new StreamableFile(await receiptPdf(receipt), { type: 'application/pdf', disposition: `inline; filename="${receipt.number}.pdf"` });
  }
}
