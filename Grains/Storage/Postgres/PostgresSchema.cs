namespace OrleansIm.Grains.Storage.Postgres;

/// <summary>
/// The two schemas the PostgreSQL backend migrates, each with its own scripts, version table and
/// lock. They share one database but are versioned apart: the Orleans tables follow Orleans'
/// provider contract, the message store follows the project's own releases.
/// </summary>
public enum PostgresSchema
{
    /// <summary>Messages, sync logs, read positions, delivery tracking (Migrations/MessageStore).</summary>
    MessageStore,

    /// <summary>OrleansQuery and the tables of Orleans' clustering, persistence and reminders (Migrations/Orleans).</summary>
    Orleans,
}
