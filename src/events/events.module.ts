import { Module } from '@nestjs/common';
import { DeliveryWorker } from './delivery-worker';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/** The outbox's read side (GET /events) and its delivery worker. Events are written with `recordEvent`. */
@Module({ controllers: [EventsController], providers: [EventsService, DeliveryWorker], exports: [DeliveryWorker] })
export class EventsModule {}
