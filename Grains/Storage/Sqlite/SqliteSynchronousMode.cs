namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// SQLite's <c>synchronous</c> pragma for the store's writer connection. In WAL mode
/// <see cref="Full"/> makes every commit durable across power loss; <see cref="Normal"/> survives
/// a process crash but may lose the last commits on power loss.
/// </summary>
public enum SqliteSynchronousMode
{
    Off = 0,
    Normal = 1,
    Full = 2,
    Extra = 3,
}
