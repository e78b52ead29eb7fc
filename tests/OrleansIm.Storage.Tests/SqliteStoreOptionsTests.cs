using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests;

public sealed class SqliteStoreOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_documented_values()
    {
        var options = new SqliteStoreOptions();
        options.Validate();

        Assert.Equal("data", options.DataDirectory);
        Assert.Equal("orleansim.db", options.DatabaseFileName);
        Assert.Equal(512, options.MaxBatchSize);
        Assert.Equal(SqliteSynchronousMode.Full, options.Synchronous);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CheckpointInterval);
        Assert.Equal(64, options.WriterCacheMegabytes);
        Assert.Equal(-10, options.WriterNice);
        Assert.Equal((3, TimeSpan.FromSeconds(5)), (options.CircuitBreaker.FailureThreshold, options.CircuitBreaker.BreakDuration));
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "orleansim.db")), options.DatabasePath);
        Assert.Contains(options.DatabasePath, options.GetConnectionString());
    }

    public static TheoryData<Action<SqliteStoreOptions>, string> BadOptions() => new()
    {
        { o => o.DataDirectory = " ", "DataDirectory" },
        { o => o.DatabaseFileName = "", "DatabaseFileName" },
        { o => o.DatabaseFileName = "sub/im.db", "DatabaseFileName" },
        { o => o.MaxBatchSize = 0, "MaxBatchSize" },
        { o => o.MaxBatchSize = SqliteStoreOptions.MaxAllowedBatchSize + 1, "MaxBatchSize" },
        { o => o.Synchronous = (SqliteSynchronousMode)7, "Synchronous" },
        { o => o.BusyTimeout = TimeSpan.Zero, "BusyTimeout" },
        { o => o.CheckpointInterval = TimeSpan.FromMilliseconds(-1), "CheckpointInterval" },
        { o => o.CheckpointInterval = TimeSpan.FromMinutes(2), "CheckpointInterval" },
        { o => o.WriterCacheMegabytes = 1, "WriterCacheMegabytes" },
        { o => o.WriterNice = -21, "WriterNice" },
        { o => o.WriterNice = 20, "WriterNice" },
        { o => o.CircuitBreaker.FailureThreshold = -1, "CircuitBreaker:FailureThreshold" },
        { o => o.CircuitBreaker.BreakDuration = TimeSpan.Zero, "CircuitBreaker:BreakDuration" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void A_bad_setting_is_named_in_the_error(Action<SqliteStoreOptions> spoil, string setting)
    {
        var options = new SqliteStoreOptions();
        spoil(options);

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains($"{SqliteStoreOptions.SectionName}:{setting}", error.Message);
    }

    [Fact]
    public async Task Opening_creates_a_missing_data_directory()
    {
        using var database = new TempDatabase();
        Assert.False(Directory.Exists(database.DataDirectory));

        await using var store = await database.OpenAsync();

        Assert.True(File.Exists(store.DatabasePath));
        Assert.StartsWith(database.DataDirectory, store.DatabasePath);
    }
}
