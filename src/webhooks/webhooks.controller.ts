import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../auth/authenticated.decorator';
import { AuthContext } from '../auth/auth-context';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { WebhookResponse } from './webhook.mapper';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
@Authenticated({ admin: true })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to event types; deliveries are signed with the (write-only) secret' })
  create(@Auth() auth: AuthContext, @Body() body: CreateWebhookDto): Promise<WebhookResponse> {
    return this.webhooks.create(auth.tenant.id, body);
  }

  @Get()
  list(@Auth() auth: AuthContext): Promise<WebhookResponse[]> {
    return this.webhooks.list(auth.tenant.id);
  }

  @Get(':id')
  get(@Auth() auth: AuthContext, @Param('id') id: string): Promise<WebhookResponse> {
    return this.webhooks.get(auth.tenant.id, id);
  }

  @Patch(':id')
  update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateWebhookDto): Promise<WebhookResponse> {
    return this.webhooks.update(auth.tenant.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a subscription; its pending deliveries end as DEAD' })
  async remove(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.webhooks.delete(auth.tenant.id, id);
  }
}
