import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth, Authenticated } from '../auth/authenticated.decorator';
import { AuthContext } from '../auth/auth-context';
import type { RawListParams } from '../common/list-query';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderResponse } from './order.mapper';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @Authenticated()
  @ApiOperation({
    summary: 'Place an order (admin with submitter, or a user as themselves); 201, or 200 with the first order for a transactionId already placed within the dedup window',
  })
  async create(@Auth() auth: AuthContext, @Body() body: CreateOrderDto, @Res({ passthrough: true }) res: Response): Promise<OrderResponse> {
    const { order, created } = await this.orders.create(auth, body);
    res.status(created ? 201 : 200);
    return order;
  }

  @Post('asyncly')
  @Authenticated()
  @HttpCode(202)
  @ApiOperation({ summary: 'Accept an order for background processing: 202 once it is durably recorded (503 if it could not be)' })
  async createAsyncly(@Auth() auth: AuthContext, @Body() body: CreateOrderDto): Promise<string> {
    await this.orders.accept(auth, body);
    return 'Success:Accepted';
  }

  @Get()
  @Authenticated({ admin: true })
  @ApiOperation({ summary: 'List orders, newest first' })
  @ApiQuery({ name: 'limit', required: false, description: '1..100, default 10' })
  @ApiQuery({ name: 'skip', required: false })
  @ApiQuery({ name: 'sort', required: false, enum: ['createdAt', 'updatedAt', 'serviceDate', 'total', 'subtotal'] })
  @ApiQuery({ name: 'order', required: false, enum: ['ASC', 'DESC'] })
  @ApiQuery({
    name: 'filter',
    required: false,
    description:
      "O-Rison, e.g. total:(gt:100),productIds:(has:'<id>'). Fields: id type status transactionId submitter source locationIdentifier serviceDate total subtotal totalTax createdAt updatedAt productIds",
  })
  list(@Auth() auth: AuthContext, @Query() query: Record<string, unknown>): Promise<OrderResponse[]> {
    return this.orders.list(auth, query as RawListParams);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One order (admin; a user may read their own)' })
  get(@Auth() auth: AuthContext, @Param('id') id: string): Promise<OrderResponse> {
    return this.orders.get(auth, id);
  }
}
