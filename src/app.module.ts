import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { createDataSource } from './database/create-data-source';
import { AuthModule } from './auth/auth.module';
import { TenantsModule } from './tenants/tenants.module';
import { VenuesModule } from './venues/venues.module';
import { ProductsModule } from './products/products.module';
import { RuleSetsModule } from './rule-sets/rule-sets.module';
import { ReceiptsModule } from './receipts/receipts.module';
import { OrdersModule } from './orders/orders.module';
import { EventsModule } from './events/events.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { HealthController } from './ops/health.controller';
import { Metrics } from './ops/metrics';

@Module({})
export class AppModule {
  static register(config: AppConfig, metrics: Metrics): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.database),
          dataSourceFactory: (options) => createDataSource(options!),
        }),
        AuthModule,
        TenantsModule,
        VenuesModule,
        ProductsModule,
        RuleSetsModule,
        ReceiptsModule,
        OrdersModule,
        EventsModule,
        WebhooksModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: Metrics, useValue: metrics }],
    };
  }
}
