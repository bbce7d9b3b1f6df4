import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { MAX_LINE_ITEMS } from '../../transactions/transaction-normalizer';

const FINITE = { allowNaN: false, allowInfinity: false } as const;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const AMOUNT = /^-?\d{1,15}(\.\d{1,10})?$/;

/** A calendar date that exists (2023-02-29 does not). */
@ValidatorConstraint({ name: 'isCalendarDate' })
class IsCalendarDate implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    if (typeof v !== 'string' || !DATE.test(v)) return false;
    const [y, m, d] = v.split('-').map(Number);
    const probe = new Date(Date.UTC(y, m - 1, d));
    return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
  }
  defaultMessage(a: ValidationArguments): string {
    return `${a.property} must be a date YYYY-MM-DD`;
  }
}

/** Money: a finite number, or a decimal string (the reference types these values as strings). */
@ValidatorConstraint({ name: 'isAmount' })
class IsAmount implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    return (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e15) || (typeof v === 'string' && AMOUNT.test(v.trim()));
  }
  defaultMessage(a: ValidationArguments): string {
    return `${a.property} must be a number or a decimal string such as "12.50"`;
  }
}

/** metadata: any JSON object with a string `source`; `campaignId` and `key` are strings when given (reference schema). */
@ValidatorConstraint({ name: 'isReceiptMetadata' })
class IsReceiptMetadata implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    if (typeof o.source !== 'string' || o.source.length === 0 || o.source.length > 200) return false;
    if (['campaignId', 'key'].some((k) => o[k] !== undefined && typeof o[k] !== 'string')) return false;
    return Object.keys(o).length <= 100;
  }
  defaultMessage(a: ValidationArguments): string {
    return `${a.property} must be an object with a string source (campaignId and key, when given, strings; at most 100 keys)`;
  }
}

export class SubmitterDto {
  @ApiProperty({ example: '8d68cb91-202a-4c62-a867-8f9a8a1e2f50' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  authIdentifier!: string;
}

export class SubmissionPositionDto {
  @ApiProperty({ example: 170.9021 })
  @IsLongitude()
  longitude!: number;

  @ApiProperty({ example: 80.9021 })
  @IsLatitude()
  latitude!: number;
}

abstract class ConfidenceDto {
  @ApiProperty({ example: 0.89, minimum: 0, maximum: 1 })
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  confidence!: number;
}

export class TextValueDto extends ConfidenceDto {
  @ApiProperty({ example: 'Burger King' })
  @IsString()
  @MaxLength(500)
  value!: string;
}

export class ShortTextValueDto extends ConfidenceDto {
  @ApiProperty({ example: '012318432' })
  @IsString()
  @MaxLength(200)
  value!: string;
}

export class LanguageValueDto extends ConfidenceDto {
  @ApiProperty({ example: 'en' })
  @IsString()
  @MaxLength(35)
  value!: string;
}

export class AmountValueDto extends ConfidenceDto {
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], example: '110.99' })
  @Validate(IsAmount)
  value!: number | string;
}

export class DateValueDto extends ConfidenceDto {
  @ApiProperty({ example: '2019-08-28' })
  @Validate(IsCalendarDate)
  value!: string;
}

export class TimeValueDto extends ConfidenceDto {
  @ApiProperty({ example: '22:34' })
  @IsString()
  @Matches(TIME, { message: '$property must be a time HH:mm or HH:mm:ss' })
  value!: string;
}

export class LineItemDto {
  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsNumber(FINITE)
  quantity?: number;

  @ApiPropertyOptional({ example: 'Banana' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ example: 'SKU123' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  identifier?: string;

  @ApiPropertyOptional({ example: 'Bunch' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  unit?: string;

  @ApiPropertyOptional({ example: 1.99 })
  @IsOptional()
  @IsNumber(FINITE)
  unitPrice?: number;

  @ApiPropertyOptional({ example: 3.98 })
  @IsOptional()
  @IsNumber(FINITE)
  totalPrice?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { key: 'value' } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

class ClaimCommonDto {
  @ApiPropertyOptional({ type: SubmitterDto, description: 'Required with an admin token; a user may only name themself' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SubmitterDto)
  submitter?: SubmitterDto;

  @ApiPropertyOptional({ type: SubmissionPositionDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SubmissionPositionDto)
  submissionPosition?: SubmissionPositionDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { source: 'API', campaignId: 'ExampleCampaign', key: 'value' } })
  @IsOptional()
  @Validate(IsReceiptMetadata)
  metadata?: Record<string, unknown>;
}

const PICTURE_URL = { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true, require_tld: false, disallow_auth: true };

/** Default mode: a picture for the configured parser. The picture is never fetched by this service without a parser. */
export class DefaultClaimDto extends ClaimCommonDto {
  @ApiProperty({ enum: [true] })
  @IsBoolean()
  @Equals(true)
  useParser!: true;

  @ApiProperty({ example: 'https://example.com/receiptImage.jpg' })
  @IsString()
  @MaxLength(2048)
  @IsUrl(PICTURE_URL, { message: 'pictureUrl must be an http(s) URL' })
  pictureUrl!: string;
}

/** Preparsed mode (admin only): the parsed receipt. */
export class PreparsedClaimDto extends ClaimCommonDto {
  @ApiProperty({ enum: [false] })
  @IsBoolean()
  @Equals(false)
  useParser!: false;

  @ApiPropertyOptional({ example: 'https://example.com/receiptImage.jpg' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(PICTURE_URL, { message: 'pictureUrl must be an http(s) URL' })
  pictureUrl?: string;

  @ApiProperty({ example: 0.76, minimum: 0, maximum: 1 })
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  ocrConfidence!: number;

  @ApiPropertyOptional({ type: DateValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DateValueDto)
  serviceDate?: DateValueDto;

  @ApiPropertyOptional({ type: TimeValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TimeValueDto)
  serviceTime?: TimeValueDto;

  @ApiProperty({ type: [LineItemDto], maxItems: MAX_LINE_ITEMS })
  @IsArray()
  @ArrayMaxSize(MAX_LINE_ITEMS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LineItemDto)
  lineItems!: LineItemDto[];

  @ApiPropertyOptional({ type: AmountValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AmountValueDto)
  subtotal?: AmountValueDto;

  @ApiPropertyOptional({ type: AmountValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AmountValueDto)
  total?: AmountValueDto;

  @ApiPropertyOptional({ type: ShortTextValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ShortTextValueDto)
  barcode?: ShortTextValueDto;

  @ApiPropertyOptional({ description: 'Defaults to barcode', example: '012318432' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  transactionId?: string;

  @ApiPropertyOptional({ type: ShortTextValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ShortTextValueDto)
  locationIdentifier?: ShortTextValueDto;

  @ApiPropertyOptional({ type: TextValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TextValueDto)
  locationAddress?: TextValueDto;

  @ApiPropertyOptional({ example: 'format-name' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  formatSlug?: string;

  @ApiPropertyOptional({ type: ShortTextValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ShortTextValueDto)
  merchantName?: ShortTextValueDto;

  @ApiPropertyOptional({ type: LanguageValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LanguageValueDto)
  language?: LanguageValueDto;
}
