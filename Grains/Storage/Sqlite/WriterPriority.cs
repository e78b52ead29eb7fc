namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// What the group-commit writer's thread got when it started: the nice value asked for
/// (<see cref="SqliteStoreOptions.WriterNice"/>), its kernel thread id (null off Linux), and
/// why the priority could not be set, if it could not.
/// </summary>
public sealed record WriterPriority(int RequestedNice, int? ThreadId, string? Problem);
