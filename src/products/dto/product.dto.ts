import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class CreateProductDto {
  @ApiProperty({ example: 'Pepsi 330ml' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ type: [String], description: 'SKUs / barcodes, matched exactly against line item identifiers', example: ['5000112637922'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  identifiers?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Other descriptions, matched trimmed and case-folded', example: ['PEPSI CAN'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ nullable: true, example: 1.25, description: 'Catalogue unit price, used by BASKET price checks without an override' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e9)
  price?: number | null;
}

export class UpdateProductDto extends PartialType(CreateProductDto) {}
