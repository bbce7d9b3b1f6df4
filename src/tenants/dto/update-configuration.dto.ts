import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

export class ReviewConfigurationDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 3650, example: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  maxReceiptAgeDays?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.5 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minOcrConfidence?: number;

  @ApiPropertyOptional({ nullable: true, minimum: 1, description: 'null = unlimited' })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsInt()
  @Min(1)
  @Max(100000)
  maxPerUserPerFormatPerDay?: number | null;

  @ApiPropertyOptional({ nullable: true, minimum: 1, description: 'null = unlimited' })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsInt()
  @Min(1)
  @Max(100000)
  maxPerUserPerMerchantPerDay?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  spotCheckRate?: number;
}

export class UpdateTenantConfigurationDto {
  @ApiPropertyOptional({ example: 'Europe/London' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({ type: ReviewConfigurationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewConfigurationDto)
  review?: ReviewConfigurationDto;
}
