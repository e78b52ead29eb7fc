using OrleansIm.Grains.Storage.Resilience;
using Microsoft.Data.Sqlite;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// Where the embedded database lives and how its writer commits. The same database file also
/// holds Orleans' grain state, so the silo hands <see cref="GetConnectionString"/> to the ADO.NET
/// grain storage provider (invariant "System.Data.SQLite").
/// </summary>
public sealed class SqliteStoreOptions
{
    /// <summary>A configuration section for these options (not under "Orleans", which Orleans reads itself).</summary>
    public const string SectionName = "OrleansIm:Storage";

    public const int MaxAllowedBatchSize = 100_000;

    /// <summary>Directory of the database file; relative paths are resolved against the current directory. Created if missing.</summary>
    public string DataDirectory { get; set; } = "data";

    public string DatabaseFileName { get; set; } = "orleansim.db";

    /// <summary>The file of Orleans' grain state, beside the message store's (see <see cref="SqliteSchema"/> for why apart).</summary>
    public string GrainStateFileName { get; set; } = "orleansim-grains.db";

    /// <summary>The most writes the group-commit writer puts into one transaction.</summary>
    public int MaxBatchSize { get; set; } = 512;

    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>
    /// How often a background thread copies the write-ahead log into the database file
    /// (<see cref="WalCheckpointer"/>). Zero leaves it to SQLite, which checkpoints inside the
    /// writer's COMMIT every 1,000 pages of log.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Past this size (MiB) the write-ahead log is started over by the writer between two batches
    /// (<see cref="WalRestarter"/>), and the file is trimmed back to it. Under steady writes SQLite
    /// would otherwise never start it over, and it grows without end. Each restart holds the writer
    /// for ~2-80 ms (typically ~20); at 1 GiB (PostgreSQL's default <c>max_wal_size</c> too) a loaded node restarts
    /// every several seconds instead of several times a second, which kept those stalls out of
    /// the 99th percentile (docs/performance.md), at the price of up to 1 GiB of log on disk.
    /// </summary>
    public int WalRestartMegabytes { get; set; } = 1024;

    public long WalRestartBytes => WalRestartMegabytes * 1024L * 1024L;

    /// <summary>
    /// Page cache of the writer connection, in MiB. Every batch touches the last page of each
    /// conversation and sync log it writes to; SQLite's 2 MiB default cannot hold those for a
    /// few thousand active users, and each miss is a read from the file.
    /// </summary>
    public int WriterCacheMegabytes { get; set; } = 64;

    /// <summary>
    /// The nice value of the group-commit writer's thread on Linux (−20 highest … 19 lowest; 0
    /// leaves it as inherited; elsewhere a negative value means <see cref="ThreadPriority.Highest"/>).
    /// Every commit passes through that one thread, and on a busy node it otherwise waits for a
    /// core behind the thread pool. Below 0 needs root, CAP_SYS_NICE or RLIMIT_NICE; refused, the
    /// node runs on at normal priority and logs a warning.
    /// </summary>
    public int WriterNice { get; set; } = -10;

    /// <summary>How long a connection waits for another connection's write lock before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When writes are refused at once because batches keep failing (<c>OrleansIm:Storage:CircuitBreaker</c>).</summary>
    public StoreCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFileName));

    public string GrainStateDatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, GrainStateFileName));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw Invalid(nameof(DataDirectory), "must name a directory", DataDirectory);
        }

        if (!IsPlainFileName(DatabaseFileName))
        {
            throw Invalid(nameof(DatabaseFileName), "must be a plain file name without directories", DatabaseFileName);
        }

        if (!IsPlainFileName(GrainStateFileName) || GrainStateFileName == DatabaseFileName)
        {
            throw Invalid(nameof(GrainStateFileName), $"must be a plain file name without directories, other than {nameof(DatabaseFileName)}", GrainStateFileName);
        }

        if (MaxBatchSize is < 1 or > MaxAllowedBatchSize)
        {
            throw Invalid(nameof(MaxBatchSize), $"must be between 1 and {MaxAllowedBatchSize}", MaxBatchSize);
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw Invalid(nameof(Synchronous), "must be Off, Normal, Full or Extra", Synchronous);
        }

        if (CheckpointInterval < TimeSpan.Zero || CheckpointInterval > TimeSpan.FromMinutes(1))
        {
            throw Invalid(nameof(CheckpointInterval), "must be between zero (SQLite checkpoints in the writer) and 1 minute", CheckpointInterval);
        }

        if (WalRestartMegabytes is < 1 or > 65536)
        {
            throw Invalid(nameof(WalRestartMegabytes), "must be between 1 and 65536", WalRestartMegabytes);
        }

        if (WriterCacheMegabytes is < 2 or > 4096)
        {
            throw Invalid(nameof(WriterCacheMegabytes), "must be between 2 and 4096", WriterCacheMegabytes);
        }

        if (WriterNice is < -20 or > 19)
        {
            throw Invalid(nameof(WriterNice), "must be between -20 (highest priority) and 19 (lowest)", WriterNice);
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw Invalid(nameof(BusyTimeout), "must be positive and at most 10 minutes", BusyTimeout);
        }

        if (CircuitBreaker.Problems(SectionName).FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem, nameof(CircuitBreaker));
        }
    }

    /// <summary>
    /// The connection string for every connection to the database: the store's own and Orleans'
    /// grain storage. Pooled; <c>Default Timeout</c> makes Microsoft.Data.Sqlite retry a busy
    /// database for <see cref="BusyTimeout"/> instead of failing at once.
    /// </summary>
    public string GetConnectionString() => ConnectionStringFor(DatabasePath);

    /// <summary>The connection string to give Orleans' ADO.NET grain storage (invariant "System.Data.SQLite").</summary>
    public string GetGrainStateConnectionString() => ConnectionStringFor(GrainStateDatabasePath);

    private string ConnectionStringFor(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
    }.ToString();

    private static bool IsPlainFileName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && !name.Contains('/') && !name.Contains('\\');

    private static ArgumentException Invalid(string name, string rule, object? value) =>
        new($"{SectionName}:{name} {rule} (was '{value}').", name);
}
