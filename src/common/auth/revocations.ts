import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { PeriodicTask } from '../background/periodic-task.js';
import { REDIS } from '../redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { parseRevocationMember, RevocationList, revocationMember, type Revocation } from './revocation-list.js';

/**
 * Records a revocation in the shared sorted set (score: its instant; ZADD GT keeps the latest for a
 * user), drops entries no credential can outlive any more, and tells every instance at once.
 * KEYS[1] the set; ARGV: member, instant, prune horizon, the set's lifetime (ms), channel, message.
 */
const RECORD = `
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 0`;

/** Covers the whole-second `exp` of a JWT and a little clock skew between instances. */
const KEEP_MARGIN_MS = 60_000;
/** How long boot waits for the first load and the subscription before going on without them. */
const BOOT_WAIT_MS = 3_000;
/** How long a change waits to share its revocation before answering (it is retried later if Redis is slow). */
const SHARE_WAIT_MS = 1_000;

/**
 * Access revocations (ended sessions, users whose access changed): when a user is disabled, their
 * role or stores change or their password is reset or changed, every access credential issued to
 * them up to that instant stops working; when a session is logged out or revoked for refresh-token
 * reuse, its access credentials stop working. Access tokens (JWT_ACCESS_TTL) and the queue
 * dashboard cookie are checked against it.
 *
 * Checking costs no I/O: each instance keeps the list in memory (RevocationList). It loads it from
 * Redis (a sorted set under REDIS_PREFIX, entries kept only as long as an access token lives) at
 * boot, learns new entries at once through Redis pub/sub, and re-reads the set every
 * REVOCATION_RELOAD_INTERVAL as a safety net for messages it missed (a reconnect also re-reads).
 *
 * When Redis is down: checks go on against what the instance already knows (failing closed would
 * turn a Redis blip into an outage for every signed-in user). A revocation made meanwhile takes
 * effect at once on the instance that made it, the database change (disabled user, revoked refresh
 * tokens) commits as usual, and the instance keeps retrying to record it in Redis on every reload;
 * other instances learn it when Redis is back. An instance that boots while Redis is down starts
 * empty, but is not ready (/health/ready checks Redis) until Redis answers, and loads the list then.
 */
@Injectable()
export class Revocations implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Revocations');
  private readonly list: RevocationList;
  /** Revocations not yet recorded in Redis (it was unreachable), by member. */
  private readonly pending = new Map<string, Revocation>();
  private readonly keepMs: number;
  private readonly key: string;
  private readonly channel: string;
  private subscriber?: Redis;
  private reloads?: PeriodicTask;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {
    this.keepMs = config.JWT_ACCESS_TTL + KEEP_MARGIN_MS;
    this.list = new RevocationList(this.keepMs);
    this.key = `${config.REDIS_PREFIX}:auth:revocations`;
    this.channel = `${config.REDIS_PREFIX}:auth:revocations`;
  }

  /** Whether a credential of this user and session, issued at `issuedAtMs`, has been revoked since. In memory only. */
  isRevoked(userId: string, sessionId: string | undefined, issuedAtMs: number): boolean {
    return this.list.isRevoked(userId, sessionId, issuedAtMs);
  }

  /** Voids every credential issued to the user up to now. Call it after the change commits. */
  revokeUser(userId: string): Promise<void> {
    return this.record({ kind: 'user', id: userId, at: Date.now() });
  }

  /** Voids every credential of a sign-in session (refresh-token family). */
  revokeSession(sessionId: string): Promise<void> {
    return this.record({ kind: 'session', id: sessionId, at: Date.now() });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.reloads = new PeriodicTask('RevocationReload', this.config.REVOCATION_RELOAD_INTERVAL, () => this.reload());
    await within(BOOT_WAIT_MS, Promise.all([this.subscribe(), this.reloads.runNow()]), () =>
      this.logger.warn('the revocation list is not loaded yet (Redis is slow or down); going on with what arrives later'),
    );
    this.reloads.start({ immediately: false });
  }

  async onModuleDestroy(): Promise<void> {
    await this.reloads?.stop(this.config.SHUTDOWN_GRACE);
    // Not quit(): with Redis gone it would wait for a reconnect that may never come.
    this.subscriber?.disconnect();
  }

  /** Applies here at once, then shares through Redis; kept for the next reload when Redis fails or is slow. */
  private async record(entry: Revocation): Promise<void> {
    this.list.add(entry);
    const member = revocationMember(entry);
    this.pending.set(member, entry);
    let failure: unknown = new Error(`Redis did not answer within ${SHARE_WAIT_MS} ms`);
    const sharing = this.write(entry).then(
      () => (failure = undefined),
      (error: unknown) => (failure = error),
    );
    await within(SHARE_WAIT_MS, sharing, () => undefined);
    if (failure === undefined) {
      if (this.pending.get(member) === entry) this.pending.delete(member);
    } else {
      this.logger.error({ err: failure }, 'could not share a revocation through Redis; it applies on this instance and is retried on each reload');
    }
  }

  private async write(entry: Revocation): Promise<void> {
    const member = revocationMember(entry);
    const now = Date.now();
    await this.redis.eval(RECORD, 1, this.key, member, entry.at, now - this.keepMs, this.keepMs, this.channel, JSON.stringify({ member, at: entry.at }));
  }

  /** Retries what could not be shared, then merges the whole shared list into ours. */
  private async reload(): Promise<void> {
    const now = Date.now();
    for (const [member, entry] of this.pending) {
      // Past its keep time no credential it could void is alive: nothing left to share.
      if (entry.at >= now - this.keepMs) await this.write(entry);
      if (this.pending.get(member) === entry) this.pending.delete(member);
    }
    const raw = await this.redis.zrangebyscore(this.key, now - this.keepMs, '+inf', 'WITHSCORES');
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const entry = parseRevocationMember(raw[i], Number(raw[i + 1]));
      if (entry) this.list.add(entry);
    }
    this.list.prune(now);
  }

  private async subscribe(): Promise<void> {
    // A connection in subscriber mode can do nothing else, hence its own; its commands wait for a reconnect.
    const subscriber = this.redis.duplicate({ maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => this.logger.debug({ err: error }, 'revocation subscriber connection error'));
    subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    // After a reconnect, messages sent meanwhile are lost: read the whole list again.
    let connectedOnce = false;
    subscriber.on('ready', () => {
      if (connectedOnce) void this.reloads?.runNow();
      connectedOnce = true;
    });
    await subscriber.subscribe(this.channel);
  }

  private receive(message: string): void {
    try {
      const { member, at } = JSON.parse(message) as { member: string; at: number };
      const entry = parseRevocationMember(String(member), Number(at));
      if (entry) this.list.add(entry);
    } catch (error) {
      this.logger.warn({ err: error }, 'ignored a malformed revocation message');
    }
  }
}

/** Waits for `work` at most `ms`; on time-out calls `late` and lets the work finish in the background. */
async function within(ms: number, work: Promise<unknown>, late: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const outcome = await Promise.race([work.then(() => 'done' as const, () => 'late' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'late') late();
}

/** Provides the one Revocations of the app to identity (which records) and the queue dashboard (which checks). */
@Global()
@Module({ providers: [Revocations], exports: [Revocations] })
export class RevocationsModule {}
