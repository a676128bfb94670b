import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';

@Controller('x')
class XController { @Get() get() { return { ok: true }; } }
@Module({ controllers: [XController] })
class AppModule {}

test('boots', async () => {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
  await app.init(); await app.getHttpAdapter().getInstance().ready();
  const res = await request(app.getHttpServer()).get('/x');
  expect(res.body).toEqual({ ok: true });
  await app.close();
});
