import { Inject } from '@nestjs/common';

/** The shared ioredis client (RedisModule), in a file of its own so the module's providers can import it. */
export const REDIS = Symbol('REDIS');
export const InjectRedis = (): ParameterDecorator => Inject(REDIS);
