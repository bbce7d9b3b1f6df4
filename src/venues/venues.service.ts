import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { BadRequestError, ConflictError, NotFoundError } from '../common/domain-error';
import { TenantScopedRepository } from '../database/tenant-scoped-repository';
import { isReferencedByActiveRuleSet } from '../rule-sets/rule-set-references';
import type { VenueData } from '../rule-engine';
import { CreateVenueDto, UpdateVenueDto } from './dto/venue.dto';
import { VenueEntity } from './venue.entity';
import { VenueResponse, toVenueData, toVenueResponse } from './venue.mapper';

@Injectable()
export class VenuesService {
  private readonly venues: TenantScopedRepository<VenueEntity>;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.venues = new TenantScopedRepository(VenueEntity, ds.manager);
  }

  async create(tenantId: string, dto: CreateVenueDto): Promise<VenueResponse> {
    checkGeofence(dto.position ?? null, dto.radiusMeters ?? null);
    const now = new Date();
    const venue = await this.venues.insert(tenantId, {
      id: randomUUID(),
      name: dto.name,
      locationIdentifiers: dto.locationIdentifiers,
      latitude: dto.position?.latitude ?? null,
      longitude: dto.position?.longitude ?? null,
      radiusMeters: dto.radiusMeters ?? null,
      address: dto.address ?? null,
      createdAt: now,
      updatedAt: now,
    });
    return toVenueResponse(venue);
  }

  async list(tenantId: string): Promise<VenueResponse[]> {
    return (await this.venues.find(tenantId, {}, { createdAt: 'ASC', id: 'ASC' })).map(toVenueResponse);
  }

  async get(tenantId: string, id: string): Promise<VenueResponse> {
    return toVenueResponse(await this.mustFind(tenantId, id));
  }

  async update(tenantId: string, id: string, dto: UpdateVenueDto): Promise<VenueResponse> {
    const venue = await this.mustFind(tenantId, id);
    if (dto.name !== undefined) venue.name = dto.name;
    if (dto.locationIdentifiers !== undefined) venue.locationIdentifiers = dto.locationIdentifiers;
    if (dto.position !== undefined) {
      venue.latitude = dto.position?.latitude ?? null;
      venue.longitude = dto.position?.longitude ?? null;
    }
    if (dto.radiusMeters !== undefined) venue.radiusMeters = dto.radiusMeters;
    if (dto.address !== undefined) venue.address = dto.address;
    checkGeofence(venue.latitude === null ? null : { latitude: venue.latitude, longitude: venue.longitude! }, venue.radiusMeters);
    venue.updatedAt = new Date();
    await this.venues.update(tenantId, id, {
      name: venue.name,
      locationIdentifiers: venue.locationIdentifiers,
      latitude: venue.latitude,
      longitude: venue.longitude,
      radiusMeters: venue.radiusMeters,
      address: venue.address,
      updatedAt: venue.updatedAt,
    });
    return toVenueResponse(venue);
  }

  /** 409 while an active rule set names the venue: deleting it would silently change what the rules mean. */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const venues = this.venues.with(m);
      if (!(await venues.findById(tenantId, id))) throw new NotFoundError('Venue not found');
      if (await isReferencedByActiveRuleSet(m, tenantId, 'VENUE', id)) {
        throw new ConflictError('The venue is used by an active rule set; change or deactivate the rule set first');
      }
      await venues.delete(tenantId, id);
    });
  }

  /** The ids among `ids` that are this tenant's venues. */
  async existingIds(tenantId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.venues.find(tenantId, { id: In(ids) });
    return new Set(rows.map((r) => r.id));
  }

  /** Venue data for the rule engine, loaded once per evaluation. */
  async venueData(tenantId: string, ids: string[]): Promise<Map<string, VenueData>> {
    if (ids.length === 0) return new Map();
    const rows = await this.venues.find(tenantId, { id: In(ids) });
    return new Map(rows.map((r) => [r.id, toVenueData(r)]));
  }

  private async mustFind(tenantId: string, id: string): Promise<VenueEntity> {
    const venue = await this.venues.findById(tenantId, id);
    if (!venue) throw new NotFoundError('Venue not found');
    return venue;
  }
}

function checkGeofence(position: { latitude: number; longitude: number } | null, radius: number | null): void {
  if (radius !== null && position === null) {
    throw new BadRequestError('radiusMeters needs a position', [{ path: 'radiusMeters', message: 'needs position to be set' }]);
  }
}
