import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import { storeErrorFrom } from "./errors.js";

/**
 * Wraps a Kysely dialect so that every driver failure (connecting, a query, begin/commit) becomes a StoreError
 * naming the store's location — one place instead of a try/catch in every repository method. On SQLite,
 * transactions begin IMMEDIATE: the write lock is taken at the start, so what a transaction reads cannot be
 * changed by another process before it writes (and a busy database waits `busy_timeout` instead of failing
 * at the first write).
 */
export function guardDialect(
  inner: Dialect,
  location: string,
  options: { beginImmediate: boolean },
): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: () => new GuardedDriver(inner.createDriver(), location, options.beginImmediate),
  };
}

async function guarded<T>(location: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeErrorFrom(error, location);
  }
}

class GuardedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly location: string,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return guarded(this.location, () => this.inner.executeQuery<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      throw storeErrorFrom(error, this.location);
    }
  }
}

function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof GuardedConnection ? connection.inner : connection;
}

class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly location: string,
    private readonly beginImmediate: boolean,
  ) {}

  init(): Promise<void> {
    return guarded(this.location, () => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await guarded(this.location, () => this.inner.acquireConnection());
    return new GuardedConnection(connection, this.location);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return guarded(this.location, async () => {
      if (this.beginImmediate) await unwrap(connection).executeQuery(CompiledQuery.raw("begin immediate"));
      else await this.inner.beginTransaction(unwrap(connection), settings);
    });
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return guarded(this.location, () => this.inner.commitTransaction(unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return guarded(this.location, () => this.inner.rollbackTransaction(unwrap(connection)));
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ): Promise<void> {
    await guarded(this.location, async () => this.inner.savepoint?.(unwrap(connection), name, compile));
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ): Promise<void> {
    await guarded(this.location, async () =>
      this.inner.rollbackToSavepoint?.(unwrap(connection), name, compile),
    );
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ): Promise<void> {
    await guarded(this.location, async () =>
      this.inner.releaseSavepoint?.(unwrap(connection), name, compile),
    );
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
