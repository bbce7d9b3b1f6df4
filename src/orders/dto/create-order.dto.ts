import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';
import { MAX_LINE_ITEMS } from '../../transactions/transaction-normalizer';

export const ORDER_SOURCES = ['APP', 'WEB', 'API', 'EMAIL', 'OTHER'] as const;
const MAX_METADATA_KEYS = 50;
const MAX_METADATA_KEY_LENGTH = 100;
const MAX_METADATA_STRING_LENGTH = 1000;
const FINITE = { allowNaN: false, allowInfinity: false };
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$/;

/** Why a metadata object is refused, or null. Flat key-value pairs of string, number or boolean. */
export function metadataProblem(value: unknown, requireSource: boolean): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of key-value pairs';
  const entries = Object.entries(value);
  if (entries.length > MAX_METADATA_KEYS) return `must have at most ${MAX_METADATA_KEYS} keys`;
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > MAX_METADATA_KEY_LENGTH) return `keys must be 1 to ${MAX_METADATA_KEY_LENGTH} characters`;
    if (key === 'constructor' || key === 'prototype' || key === '__proto__') return `key "${key}" is not allowed`;
    const ok = typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= MAX_METADATA_STRING_LENGTH);
    if (!ok) return `value of "${key.slice(0, 40)}" must be a string (at most ${MAX_METADATA_STRING_LENGTH} characters), a number or a boolean`;
  }
  if (requireSource) {
    const source = (value as Record<string, unknown>).source;
    if (!(ORDER_SOURCES as readonly unknown[]).includes(source)) return `source is required and must be one of ${ORDER_SOURCES.join(', ')}`;
    const campaignId = (value as Record<string, unknown>).campaignId;
    if (campaignId !== undefined && typeof campaignId !== 'string') return 'campaignId must be a string';
  }
  return null;
}

/** Free-form metadata (the reference: "anyKey: anyValue (string, boolean, number)"), still bounded. */
function IsFlatMetadata(opts: { requireSource: boolean }) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isFlatMetadata',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => metadataProblem(value, opts.requireSource) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${metadataProblem(args?.value, opts.requireSource)}`,
      },
    });
}

/** YYYY-MM-DD naming a day that exists (no 2025-02-30). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function IsCalendarDate() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      validator: { validate: isCalendarDate, defaultMessage: (args?: ValidationArguments) => `${args?.property} must be an ISO 8601 date (YYYY-MM-DD)` },
    });
}

export class SubmitterDto {
  @ApiProperty({ example: '8d68cb91-202a-4c62-a867-8f9a8a1e2f50' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  authIdentifier!: string;
}

export class OrderLineItemDto {
  @ApiProperty({ example: 2 })
  @IsNumber(FINITE)
  quantity!: number;

  @ApiProperty({ example: 'Banana' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description!: string;

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

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { deepDiscount: true } })
  @IsOptional()
  @IsFlatMetadata({ requireSource: false })
  metadata?: Record<string, string | number | boolean>;
}

export class PaymentTenderDto {
  @ApiProperty({ example: 'CASH', description: 'Not an enum' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  type!: string;

  @ApiPropertyOptional({ example: '8d68cb91-202a-4c62-a867-asd' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  @ApiProperty({ example: 110.99 })
  @IsNumber(FINITE)
  value!: number;
}

export class GeoPointDto {
  @ApiProperty({ example: 80.9021 })
  @IsLatitude()
  latitude!: number;

  @ApiProperty({ example: 170.9021 })
  @IsLongitude()
  longitude!: number;
}

/** The reference's OrderDefinition (POST /orders and POST /orders/asyncly). */
export class CreateOrderDto {
  @ApiPropertyOptional({ type: SubmitterDto, description: 'Required for an admin; a user may only name themselves' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SubmitterDto)
  submitter?: SubmitterDto;

  @ApiProperty({ example: '2025-01-09', description: 'Local date (tenant time zone)' })
  @IsCalendarDate()
  serviceDate!: string;

  @ApiProperty({ example: '06:00:00', description: 'Local time (tenant time zone)' })
  @IsString()
  @Matches(ISO_TIME, { message: 'serviceTime must be an ISO 8601 time (HH:mm:ss)' })
  serviceTime!: string;

  @ApiProperty({ type: [OrderLineItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINE_ITEMS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OrderLineItemDto)
  lineItems!: OrderLineItemDto[];

  @ApiPropertyOptional({ type: [PaymentTenderDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PaymentTenderDto)
  paymentTenders?: PaymentTenderDto[];

  @ApiPropertyOptional({ example: 1000.99 })
  @IsOptional()
  @IsNumber(FINITE)
  subtotal?: number;

  @ApiPropertyOptional({ example: 1234.99 })
  @IsOptional()
  @IsNumber(FINITE)
  total?: number;

  @ApiPropertyOptional({ example: 20.99 })
  @IsOptional()
  @IsNumber(FINITE)
  totalTax?: number;

  @ApiPropertyOptional({ example: '012318432A', description: 'With the submitter, deduplicates orders within ORDER_DEDUP_WINDOW_SECONDS' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  transactionId?: string;

  @ApiPropertyOptional({ example: '1235' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  locationIdentifier?: string;

  @ApiPropertyOptional({ example: '123 Road Street, Leeds' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  locationAddress?: string;

  @ApiPropertyOptional({ type: GeoPointDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => GeoPointDto)
  submissionPosition?: GeoPointDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { source: 'API', campaignId: 'ExampleCampaign' }, description: 'source (APP WEB API EMAIL OTHER) is required; default {"source":"API"}' })
  @IsOptional()
  @IsFlatMetadata({ requireSource: true })
  metadata?: Record<string, string | number | boolean>;
}
