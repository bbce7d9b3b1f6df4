import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../auth/authenticated.decorator';
import { AuthContext } from '../auth/auth-context';
import type { RawListParams } from '../common/list-query';
import { EventResponse } from './event.mapper';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
@Authenticated({ admin: true })
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Outbox events with their webhook delivery state, newest first' })
  @ApiQuery({ name: 'limit', required: false, description: '1..100, default 10' })
  @ApiQuery({ name: 'skip', required: false })
  @ApiQuery({ name: 'sort', required: false, enum: ['createdAt'] })
  @ApiQuery({ name: 'order', required: false, enum: ['ASC', 'DESC'] })
  @ApiQuery({ name: 'filter', required: false, description: "O-Rison, e.g. type:(eq:ORDER_PLACED),deliveryState:(has:DEAD); fields id type subjectId createdAt deliveryState webhookId" })
  list(@Auth() auth: AuthContext, @Query() query: Record<string, unknown>): Promise<EventResponse[]> {
    return this.events.list(auth.tenant.id, query as RawListParams);
  }
}
