import { Module } from '@nestjs/common';
import { WebhookSecrets } from '#application';
import { type Infrastructure, webhookOutboxFor, webhookSecretsFor } from '#platform';
import { WebhookOutboxStore } from '#read-models';
import { WebhookController } from './webhook.controller.js';

@Module({
  controllers: [WebhookController],
  providers: [
    { provide: WebhookSecrets, useFactory: (infrastructure: Infrastructure) => webhookSecretsFor(infrastructure), inject: ['INFRASTRUCTURE'] },
    { provide: WebhookOutboxStore, useFactory: (infrastructure: Infrastructure) => webhookOutboxFor(infrastructure), inject: ['INFRASTRUCTURE'] },
  ],
})
export class WebhookModule {}
