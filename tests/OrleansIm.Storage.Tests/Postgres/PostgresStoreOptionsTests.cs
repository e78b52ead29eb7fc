using Npgsql;
using OrleansIm.Grains.Storage.Postgres;
using OrleansIm.ProcessHost;

namespace OrleansIm.Storage.Tests.Postgres;

public sealed class PostgresStoreOptionsTests
{
    private static PostgresStoreOptions Valid() => new() { ConnectionString = "Host=db.example;Database=orleansim;Username=im" };

    [Fact]
    public void Defaults_are_the_documented_values_and_valid_once_a_database_is_named()
    {
        var options = Valid();
        options.Validate();

        Assert.Equal("OrleansIm:Storage:Postgres", PostgresStoreOptions.SectionName);
        Assert.Equal("Npgsql", PostgresStoreOptions.OrleansInvariant);
        Assert.Equal(512, options.MaxBatchSize);
        Assert.True(options.ApplyMigrations);
        Assert.Equal(TimeSpan.FromSeconds(30), options.WriterCommandTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.MigrationTimeout);
    }

    [Fact]
    public void Every_bad_setting_is_named_in_one_error()
    {
        var options = new PostgresStoreOptions { MaxBatchSize = 0, WriterCommandTimeout = TimeSpan.Zero, MigrationTimeout = TimeSpan.FromDays(1) };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        foreach (var setting in new[] { "ConnectionString", "MaxBatchSize", "WriterCommandTimeout", "MigrationTimeout" })
        {
            Assert.Contains($"{PostgresStoreOptions.SectionName}:{setting}", error.Message);
        }
    }

    [Theory]
    [InlineData("Host=db;NoSuchKeyword=1")]
    [InlineData("Database=orleansim;Username=im")]
    [InlineData("Host=db;Port=not-a-number")]
    public void A_connection_string_npgsql_cannot_use_is_refused(string connectionString)
    {
        var options = new PostgresStoreOptions { ConnectionString = connectionString };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains($"{PostgresStoreOptions.SectionName}:ConnectionString", error.Message);
    }

    [Fact]
    public void The_writer_holds_an_unpooled_connection_of_its_own_and_every_connection_prepares_its_statements()
    {
        var options = Valid();
        options.WriterCommandTimeout = TimeSpan.FromSeconds(7.5);

        var writer = new NpgsqlConnectionStringBuilder(options.WriterConnectionString());
        var reader = new NpgsqlConnectionStringBuilder(options.ReaderConnectionString());

        Assert.False(writer.Pooling);
        Assert.Equal(8, writer.CommandTimeout);
        Assert.Equal("orleansim-store-writer", writer.ApplicationName);
        Assert.True(reader.Pooling);
        Assert.Equal("orleansim-store", reader.ApplicationName);
        Assert.All([writer, reader], builder => Assert.True(builder.MaxAutoPrepare > 0));
        Assert.All([writer, reader], builder => Assert.Equal("db.example", builder.Host));
    }

    [Fact]
    public void Connections_give_up_on_an_unreachable_server_quickly_and_breaker_settings_are_checked()
    {
        var options = Valid();
        options.Validate();
        Assert.Equal((5, 15), (new NpgsqlConnectionStringBuilder(options.ReaderConnectionString()).Timeout, new NpgsqlConnectionStringBuilder(options.ReaderConnectionString()).CommandTimeout));
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(options.WriterConnectionString()).Timeout);

        options.ConnectTimeout = TimeSpan.Zero;
        options.CircuitBreaker.FailureThreshold = 5000;
        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains($"{PostgresStoreOptions.SectionName}:ConnectTimeout", error.Message);
        Assert.Contains($"{PostgresStoreOptions.SectionName}:CircuitBreaker:FailureThreshold", error.Message);
    }

    [Fact]
    public async Task An_unreachable_server_fails_the_start_up_not_the_first_send()
    {
        var options = new PostgresStoreOptions { ConnectionString = $"Host=127.0.0.1;Port={FreePorts.Next()};Username=postgres;Timeout=5" };

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => PostgresMessageStore.OpenAsync(options));
    }
}
