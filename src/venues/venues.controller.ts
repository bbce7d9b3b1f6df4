import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../auth/authenticated.decorator';
import { AuthContext } from '../auth/auth-context';
import { CreateVenueDto, UpdateVenueDto } from './dto/venue.dto';
import { VenueResponse } from './venue.mapper';
import { VenuesService } from './venues.service';

@ApiTags('venues')
@Controller('venues')
@Authenticated({ admin: true })
export class VenuesController {
  constructor(private readonly venues: VenuesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a venue (location identifiers and an optional geofence)' })
  create(@Auth() auth: AuthContext, @Body() body: CreateVenueDto): Promise<VenueResponse> {
    return this.venues.create(auth.tenant.id, body);
  }

  @Get()
  list(@Auth() auth: AuthContext): Promise<VenueResponse[]> {
    return this.venues.list(auth.tenant.id);
  }

  @Get(':id')
  get(@Auth() auth: AuthContext, @Param('id') id: string): Promise<VenueResponse> {
    return this.venues.get(auth.tenant.id, id);
  }

  @Patch(':id')
  update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateVenueDto): Promise<VenueResponse> {
    return this.venues.update(auth.tenant.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a venue; 409 while an active rule set uses it' })
  async remove(@Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.venues.delete(auth.tenant.id, id);
  }
}
