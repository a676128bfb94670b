import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { PeriodicTask, purgeRows, WorkerTask } from '../background/index.js';
import { Db } from '../database/index.js';
import { REDIS } from '../redis/redis.module.js';
import { APP_CONFIG, InjectConfig, type AppConfigValues } from '../../config/index.js';
import { parseRevocationMember, RevocationList, revocationMember, type Revocation } from './revocation-list.js';

/** Covers the whole-second `exp` of a JWT and a little clock skew between instances. */
const KEEP_MARGIN_MS = 60_000;
/** How long boot waits for the subscription before going on without it (reloads cover what it misses). */
const BOOT_WAIT_MS = 3_000;
/** How long a change waits to share its revocation before answering (other instances reload it anyway). */
const SHARE_WAIT_MS = 1_000;

/** Records a revocation, keeping the latest instant (a user revoked twice: the later one voids more). */
const UPSERT = `INSERT INTO access_revocation (kind, subject_id, revoked_at) VALUES ($1, $2, $3)
  ON CONFLICT (kind, subject_id) DO UPDATE SET revoked_at = GREATEST(access_revocation.revoked_at, EXCLUDED.revoked_at)`;

/** How long a revocation matters: past it, every credential it could void has expired. */
function keepMsOf(config: Pick<AppConfigValues, 'JWT_ACCESS_TTL'>): number {
  return config.JWT_ACCESS_TTL + KEEP_MARGIN_MS;
}

/**
 * Access revocations (ended sessions, users whose access changed): when a user is disabled, their
 * role or stores change or their password is reset or changed, every access credential issued to
 * them up to that instant stops working; when a session is logged out or revoked for refresh-token
 * reuse, its access credentials stop working. Access tokens (JWT_ACCESS_TTL) and the queue
 * dashboard cookie are checked against it.
 *
 * PostgreSQL is the record: a revocation is a row of `access_revocation`, written in the transaction
 * of the change (a rollback revokes nothing; a commit cannot lose it, whatever Redis forgets).
 * Checking costs no I/O: each instance keeps the list in memory (RevocationList), loads the rows still
 * worth knowing before it serves, learns new ones at once through Redis pub/sub, and re-reads the
 * table every REVOCATION_RELOAD_INTERVAL (and when its subscriber reconnects) for messages it missed.
 * So a Redis that lost its data or is down delays a revocation on other instances by one reload at
 * most, and an instance started after a FLUSHALL refuses what was revoked before it.
 *
 * The instant of a user's revocation is taken after the change committed (what the memory and the
 * message carry, and what the row is moved to then): a token signed while the change was being written
 * may carry what was read before it, and counts as issued before it. The row written inside the
 * transaction holds the instant of that write, so a crash between commit and the move still voids
 * every token issued before the change began.
 */
@Injectable()
export class Revocations implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Revocations');
  private readonly list: RevocationList;
  private readonly keepMs: number;
  private readonly channel: string;
  private subscriber?: Redis;
  private reloads?: PeriodicTask;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(Db) private readonly db: Db,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {
    this.keepMs = keepMsOf(config);
    this.list = new RevocationList(this.keepMs);
    this.channel = `${config.REDIS_PREFIX}:auth:revocations`;
  }

  /** Whether a credential of this user and session, issued at `issuedAtMs`, has been revoked since. In memory only. */
  isRevoked(userId: string, sessionId: string | undefined, issuedAtMs: number): boolean {
    return this.list.isRevoked(userId, sessionId, issuedAtMs);
  }

  /** Voids every credential issued to the user up to the commit of the caller's transaction. Call it inside it. */
  revokeUser(userId: string): Promise<void> {
    return this.record('user', userId);
  }

  /** Voids every credential of a sign-in session (refresh-token family). Call it inside the transaction that ends it. */
  revokeSession(sessionId: string): Promise<void> {
    return this.record('session', sessionId);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Subscribe first, then load: a revocation made in between arrives by one way or the other.
    await within(BOOT_WAIT_MS, this.subscribe(), () => this.logger.warn('not subscribed to revocations yet (Redis is slow or down); reloads from PostgreSQL cover what is missed'));
    // Not behind a timeout: an instance must not serve before it knows what was revoked.
    await this.reload();
    this.reloads = new PeriodicTask('RevocationReload', this.config.REVOCATION_RELOAD_INTERVAL, () => this.reload());
    this.reloads.start({ immediately: false });
  }

  async onModuleDestroy(): Promise<void> {
    await this.reloads?.stop(this.config.SHUTDOWN_GRACE);
    // Not quit(): with Redis gone it would wait for a reconnect that may never come.
    this.subscriber?.disconnect();
  }

  private async record(kind: Revocation['kind'], id: string): Promise<void> {
    await this.db.execute(UPSERT, [kind, id, new Date()]);
    this.db.afterCommit(() => this.committed({ kind, id, at: Date.now() }));
  }

  /** Applies here at once, moves the row to the instant after commit, and tells the other instances. */
  private async committed(entry: Revocation): Promise<void> {
    this.list.add(entry);
    let failure: unknown = new Error(`not shared within ${SHARE_WAIT_MS} ms`);
    const sharing = Promise.all([
      this.db.outside.execute(UPSERT, [entry.kind, entry.id, new Date(entry.at)]),
      this.redis.publish(this.channel, JSON.stringify({ member: revocationMember(entry), at: entry.at })),
    ]).then(
      () => (failure = undefined),
      (error: unknown) => (failure = error),
    );
    await within(SHARE_WAIT_MS, sharing, () => undefined);
    if (failure !== undefined) {
      this.logger.error({ err: failure }, 'could not share a revocation at once; it applies here, and other instances read it from PostgreSQL on their next reload');
    }
  }

  /** Merges the record's rows still worth knowing into the list. */
  private async reload(): Promise<void> {
    const now = Date.now();
    const rows = await this.db.outside.rows<{ kind: Revocation['kind']; subject_id: string; revoked_at: Date }>(
      'SELECT kind, subject_id, revoked_at FROM access_revocation WHERE revoked_at >= $1',
      [new Date(now - this.keepMs)],
    );
    for (const row of rows) this.list.add({ kind: row.kind, id: row.subject_id, at: row.revoked_at.getTime() });
    this.list.prune(now);
  }

  private async subscribe(): Promise<void> {
    // A connection in subscriber mode can do nothing else, hence its own; its commands wait for a reconnect.
    const subscriber = this.redis.duplicate({ maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => this.logger.debug({ err: error }, 'revocation subscriber connection error'));
    subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    // After a reconnect, messages sent meanwhile are lost: read the whole record again.
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

/** Deletes the revocations no credential can outlive any more, every 10 minutes in worker roles. */
@Injectable()
export class RevocationPurger extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
  ) {
    super({ name: 'RevocationPurge', intervalMs: 10 * 60_000, config });
  }

  /** Answers how many rows were deleted. */
  run(): Promise<number> {
    return purgeRows(this.db, {
      lock: 'bloom:access-revocation-purge',
      table: 'access_revocation',
      where: 'revoked_at < $1',
      params: [new Date(Date.now() - keepMsOf(this.config))],
    });
  }
}

/** Waits for `work` at most `ms`; on time-out calls `late` and lets the work finish in the background. */
async function within(ms: number, work: Promise<unknown>, late: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const outcome = await Promise.race([
    work.then(
      () => 'done' as const,
      () => 'late' as const,
    ),
    timeout,
  ]);
  clearTimeout(timer);
  if (outcome === 'late') late();
}

/** Provides the one Revocations of the app to identity (which records) and the queue dashboard (which checks). */
@Global()
@Module({ providers: [Revocations, RevocationPurger], exports: [Revocations] })
export class RevocationsModule {}
