namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// The two embedded databases. Orleans' grain state lives in a file of its own: its provider's
/// connections cannot be given a busy timeout, so sharing the store's file, whose writer holds
/// the write lock almost continuously under load, made every grain-state write wait in
/// Microsoft.Data.Sqlite's 150 ms busy retries on a thread-pool thread.
/// </summary>
public enum SqliteSchema
{
    /// <summary>Messages, sync logs, read positions, delivery tracking (Migrations/MessageStore).</summary>
    MessageStore,

    /// <summary>Orleans' OrleansQuery and grain-state tables (Migrations/GrainState).</summary>
    GrainState,
}
