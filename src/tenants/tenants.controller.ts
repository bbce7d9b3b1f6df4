import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../auth/authenticated.decorator';
import { AuthContext } from '../auth/auth-context';
import { TenantView, TenantsService } from './tenants.service';
import { UpdateTenantConfigurationDto } from './dto/update-configuration.dto';

@ApiTags('tenant')
@Controller('tenant')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @Authenticated({ admin: true })
  @ApiOperation({ summary: "The caller's tenant: id, name, slug and configuration (never keys)" })
  get(@Auth() auth: AuthContext): Promise<TenantView> {
    return this.tenants.get(auth.tenant.id);
  }

  @Patch('configuration')
  @Authenticated({ admin: true })
  @ApiOperation({ summary: 'Merge timezone and review thresholds into the tenant configuration' })
  updateConfiguration(@Auth() auth: AuthContext, @Body() body: UpdateTenantConfigurationDto): Promise<TenantView> {
    return this.tenants.updateConfiguration(auth.tenant.id, body);
  }
}
