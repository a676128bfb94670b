import { Module } from '@nestjs/common';

// Placeholder wired into AppModule; its owner replaces this file.
@Module({})
export class EventsModule {}
