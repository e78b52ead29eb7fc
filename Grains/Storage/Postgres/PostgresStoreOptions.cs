using OrleansIm.Grains.Storage.Resilience;
using Npgsql;

namespace OrleansIm.Grains.Storage.Postgres;

/// <summary>
/// Where the PostgreSQL message store lives and how its writer commits. The same database holds
/// the tables of Orleans' ADO.NET providers (clustering, grain state, reminders), so the silo
/// hands <see cref="ConnectionString"/> to them with invariant <see cref="OrleansInvariant"/>.
/// </summary>
public sealed class PostgresStoreOptions
{
    /// <summary>A configuration section for these options (not under "Orleans", which Orleans reads itself).</summary>
    public const string SectionName = "OrleansIm:Storage:Postgres";

    /// <summary>The ADO.NET invariant name under which Orleans' providers load Npgsql.</summary>
    public const string OrleansInvariant = "Npgsql";

    public const int MaxAllowedBatchSize = 100_000;

    private static readonly TimeSpan LongestTimeout = TimeSpan.FromHours(1);

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=orleansim;Username=im;Password=…</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The most writes the group-commit writer puts into one transaction.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// Whether opening the store applies pending migrations. Off where schema changes are rolled
    /// out on their own (the <c>migrate</c> command); opening then refuses a database that is behind.
    /// </summary>
    public bool ApplyMigrations { get; set; } = true;

    /// <summary>How long one group-commit batch (its statements and its COMMIT) may take before it fails.</summary>
    public TimeSpan WriterCommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening a connection (reader or writer) may take before it fails, so a vanished server is noticed quickly.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one read may take before it fails.</summary>
    public TimeSpan ReaderCommandTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>When writes are refused at once because batches keep failing (<c>OrleansIm:Storage:Postgres:CircuitBreaker</c>).</summary>
    public StoreCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>How long one migration step may take, including the wait for another process that is migrating.</summary>
    public TimeSpan MigrationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every bad setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{nameof(ConnectionString)} is required (an Npgsql connection string such as 'Host=localhost;Database=orleansim;Username=orleansim').");
        }
        else if (ParseConnectionString() is not { } builder)
        {
            problems.Add($"{nameof(ConnectionString)} is not a valid Npgsql connection string.");
        }
        else if (string.IsNullOrWhiteSpace(builder.Host))
        {
            problems.Add($"{nameof(ConnectionString)} names no Host.");
        }

        if (MaxBatchSize is < 1 or > MaxAllowedBatchSize)
        {
            problems.Add($"{nameof(MaxBatchSize)} must be between 1 and {MaxAllowedBatchSize} (was {MaxBatchSize}).");
        }

        CheckTimeout(problems, nameof(WriterCommandTimeout), WriterCommandTimeout);
        CheckTimeout(problems, nameof(MigrationTimeout), MigrationTimeout);
        CheckTimeout(problems, nameof(ConnectTimeout), ConnectTimeout);
        CheckTimeout(problems, nameof(ReaderCommandTimeout), ReaderCommandTimeout);
        problems.AddRange(CircuitBreaker.Problems(SectionName).Select(p => p[(SectionName.Length + 1)..]));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"Invalid {SectionName} settings:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => $"- {SectionName}:{p}")));
        }
    }

    /// <summary>The pooled connections of the readers, which prepare their hot statements automatically.</summary>
    internal string ReaderConnectionString() => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        ApplicationName = ApplicationName("store"),
        MaxAutoPrepare = AutoPrepareSlots(),
        AutoPrepareMinUsages = 2,
        Timeout = Seconds(ConnectTimeout),
        CommandTimeout = Seconds(ReaderCommandTimeout),
    }.ToString();

    /// <summary>
    /// The writer's own connection: not pooled, because it is held for the writer's life and a
    /// broken one must really be closed and replaced; its batch statements are prepared on it
    /// automatically after their second use.
    /// </summary>
    internal string WriterConnectionString() => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        ApplicationName = ApplicationName("store-writer"),
        Pooling = false,
        MaxAutoPrepare = AutoPrepareSlots(),
        AutoPrepareMinUsages = 2,
        Timeout = Seconds(ConnectTimeout),
        CommandTimeout = Seconds(WriterCommandTimeout),
    }.ToString();

    /// <summary>Not pooled: migrating happens once, at start-up or in the migrate command.</summary>
    internal string MigrationConnectionString() => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        ApplicationName = ApplicationName("migrate"),
        Pooling = false,
        CommandTimeout = Seconds(MigrationTimeout),
    }.ToString();

    private string ApplicationName(string role)
    {
        var configured = ParseConnectionString()?.ApplicationName;
        return string.IsNullOrEmpty(configured) ? $"orleansim-{role}" : $"{configured}-{role}";
    }

    /// <summary>Room for the store's statements, or what the connection string asks for if that is more.</summary>
    private int AutoPrepareSlots() => Math.Max(ParseConnectionString()?.MaxAutoPrepare ?? 0, 32);

    private NpgsqlConnectionStringBuilder? ParseConnectionString()
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            return null;
        }
    }

    private static int Seconds(TimeSpan timeout) => (int)Math.Ceiling(timeout.TotalSeconds);

    private static void CheckTimeout(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > LongestTimeout)
        {
            problems.Add($"{name} must be positive and at most {LongestTimeout} (was {value}).");
        }
    }
}
