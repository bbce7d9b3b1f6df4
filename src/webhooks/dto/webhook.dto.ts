import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { EVENT_TYPES, EventType } from '../../events/event.entity';
import { MAX_WEBHOOK_URL_LENGTH } from '../webhook-url';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/rule-engine' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url!: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['ORDER_PLACED'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes!: EventType[];

  @ApiProperty({ description: 'HMAC-SHA256 key for X-Signature; write-only, never returned', minLength: 16, maxLength: 256 })
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secret!: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes?: EventType[];

  @ApiPropertyOptional({ description: 'Replaces the signing secret; write-only' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secret?: string;
}
