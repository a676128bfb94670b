export class LivenessDto {
  /** Always `ok` while the process serves HTTP. */
  status!: 'ok';
}

export class CheckDto {
  /** Whether this dependency is usable. */
  ok!: boolean;
  /** What is wrong, when it is not. */
  detail?: string;
}

export class ReadinessDto {
  /** `ok` when every check passed. */
  status!: 'ok' | 'unavailable';
  /** One entry per dependency: database, migrations, redis, redisMaxmemoryPolicy, queues (the job queues' own Redis connections); only `shutdown` while the process drains before stopping. */
  checks!: Record<string, CheckDto>;
}
