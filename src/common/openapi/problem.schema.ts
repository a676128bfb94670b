import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'timeZone' })
  field!: string;
  @ApiProperty({ example: 'must be an IANA time zone such as Asia/Shanghai' })
  message!: string;
}

/** RFC 9457 problem details as Bloom sends them (`application/problem+json`). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:bloom:problem:request.validation_failed' })
  type!: string;
  @ApiProperty({ example: 'The request is not valid' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiProperty({ example: 'timeZone: must be an IANA time zone such as Asia/Shanghai' })
  detail!: string;
  @ApiProperty({ description: 'Stable, machine-readable code', example: 'request.validation_failed' })
  code!: string;
  @ApiPropertyOptional({ example: '/v1/stores' })
  instance?: string;
  @ApiPropertyOptional({ description: 'Quote it to support; also in the X-Request-Id header', example: '0b7c1d7e-4a0e-4d7f-9a43-2f1c1f0e6a11' })
  requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Field-level problems (validation)' })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({ type: [String], description: 'With 415: the content types the operation accepts', example: ['application/json'] })
  accepted?: string[];
}
