import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class PositionDto {
  @ApiProperty({ example: 51.5072 })
  @IsLatitude()
  latitude!: number;

  @ApiProperty({ example: -0.1276 })
  @IsLongitude()
  longitude!: number;
}

export class CreateVenueDto {
  @ApiProperty({ example: 'Deeset Soho' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: [String], example: ['DEESET-SOHO-01'] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  locationIdentifiers!: string[];

  @ApiPropertyOptional({ type: PositionDto, nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => PositionDto)
  position?: PositionDto | null;

  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 100000, description: 'Geofence radius; needs position' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(100000)
  radiusMeters?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(500)
  address?: string | null;
}

export class UpdateVenueDto extends PartialType(CreateVenueDto) {}
