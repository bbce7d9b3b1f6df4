import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Auth, Authenticated } from '../auth/authenticated.decorator';
import { AuthContext } from '../auth/auth-context';
import { BadRequestError, ForbiddenError } from '../common/domain-error';
import { createValidationPipe } from '../common/validation';
import { MAX_LINE_ITEMS } from '../transactions/transaction-normalizer';
import { CreateReviewDto } from './dto/create-review.dto';
import { DefaultClaimDto, PreparsedClaimDto } from './dto/claim-receipt.dto';
import { ClaimResponse, ReceiptResponse, ReviewHistoryEntry, ReviewResponse } from './receipt.mapper';
import { RECEIPT_FILTERS } from './receipt-list';
import { ReceiptReviewsService } from './receipt-reviews.service';
import { ReceiptsService } from './receipts.service';

/** The same pipe as the global one, used for the claim body once its mode is known. */
const claimValidation = createValidationPipe();

@ApiTags('receipts')
@ApiExtraModels(DefaultClaimDto, PreparsedClaimDto)
@Controller('receipts')
export class ReceiptsController {
  constructor(
    private readonly receipts: ReceiptsService,
    private readonly reviews: ReceiptReviewsService,
  ) {}

  @Post()
  @Authenticated()
  @ApiOperation({
    summary: 'Claim a receipt',
    description:
      'Default mode (`useParser: true`): a picture for the configured parser; a user claims for themself, an admin names `submitter.authIdentifier`. ' +
      'Preparsed mode (`useParser: false`, admin only): the parsed receipt, reviewed automatically in the same call.',
  })
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(DefaultClaimDto) }, { $ref: getSchemaPath(PreparsedClaimDto) }] } })
  async claim(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>): Promise<ClaimResponse> {
    // The mode decides the body's shape, so it is read first; the rest is validated by the global pipe's rules.
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('The body must be a JSON object');
    if (typeof body.useParser !== 'boolean') {
      throw new BadRequestError('Validation failed: useParser must be a boolean', [{ path: 'useParser', message: 'useParser must be a boolean' }]);
    }
    if (body.useParser) {
      const dto = (await claimValidation.transform(body, { type: 'body', metatype: DefaultClaimDto })) as DefaultClaimDto;
      return this.receipts.claimForParsing(auth, dto);
    }
    if (!auth.isAdmin) throw new ForbiddenError('Preparsed receipts (useParser: false) need the admin:receipts scope');
    // Checked before validation so an oversized claim is refused without building 1,000+ DTOs.
    if (Array.isArray(body.lineItems) && body.lineItems.length > MAX_LINE_ITEMS) {
      throw new BadRequestError(`At most ${MAX_LINE_ITEMS} line items are accepted`, [{ path: 'lineItems', message: `must have at most ${MAX_LINE_ITEMS} items` }]);
    }
    const dto = (await claimValidation.transform(body, { type: 'body', metatype: PreparsedClaimDto })) as PreparsedClaimDto;
    return this.receipts.claimPreparsed(auth, dto);
  }

  @Get()
  @Authenticated({ admin: true })
  @ApiOperation({ summary: 'List receipts', description: `Filterable fields: ${Object.keys(RECEIPT_FILTERS).join(', ')}` })
  @ApiQuery({ name: 'limit', required: false, example: 10 })
  @ApiQuery({ name: 'skip', required: false, example: 0 })
  @ApiQuery({ name: 'sort', required: false, enum: ['createdAt', 'updatedAt', 'notionallyServedAt', 'total', 'subtotal'] })
  @ApiQuery({ name: 'order', required: false, enum: ['ASC', 'DESC'] })
  @ApiQuery({ name: 'filter', required: false, example: 'total:(gt:100)' })
  list(@Auth() auth: AuthContext, @Query() query: Record<string, unknown>): Promise<ReceiptResponse[]> {
    return this.receipts.list(auth.tenant.id, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Retrieve a receipt (admin, or the user who claimed it)' })
  get(@Auth() auth: AuthContext, @Param('id') id: string): Promise<ReceiptResponse> {
    return this.receipts.get(auth, id);
  }

  @Post(':id/reviews')
  @HttpCode(201)
  @Authenticated({ admin: true })
  @ApiOperation({ summary: 'Submit a manual review; it becomes the paramount review and sets the status' })
  addReview(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: CreateReviewDto): Promise<ReviewResponse> {
    return this.reviews.add(auth.tenant.id, id, auth.user!, body);
  }

  @Get(':id/reviews')
  @Authenticated({ admin: true })
  @ApiOperation({ summary: 'List the reviews of a receipt, newest first' })
  listReviews(@Auth() auth: AuthContext, @Param('id') id: string): Promise<ReviewHistoryEntry[]> {
    return this.reviews.list(auth.tenant.id, id);
  }
}
