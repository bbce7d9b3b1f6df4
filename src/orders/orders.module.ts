import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { RuleSetsModule } from '../rule-sets/rule-sets.module';
import { OrderFactory } from './order-factory';
import { OrderIntakeWorker } from './order-intake.worker';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [RuleSetsModule, EventsModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderFactory, OrderIntakeWorker],
  exports: [OrdersService, OrderFactory, OrderIntakeWorker],
})
export class OrdersModule {}
