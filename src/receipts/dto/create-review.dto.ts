import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { REVIEW_REASON_VALUES, VERDICTS, type ReviewReason, type Verdict } from '../receipt.types';

export class CreateReviewDto {
  @ApiProperty({ enum: VERDICTS, example: 'AUTHORIZE' })
  @IsIn(VERDICTS)
  verdict!: Verdict;

  @ApiProperty({ enum: REVIEW_REASON_VALUES, example: 'VERIFIED' })
  @IsIn(REVIEW_REASON_VALUES)
  reason!: ReviewReason;

  @ApiPropertyOptional({ nullable: true, example: 'Checked against the till roll' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string | null;
}
