using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.ContentSafety;
using OrleansIm.Grains.Hosting;
using OrleansIm.Grains.Options;
using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process silo wired like a real node (Silo/Hosting/NodeHost.cs): a real
/// <see cref="SqliteMessageStore"/> in a temporary directory, Orleans ADO.NET grain storage "im"
/// on the same SQLite file with the Orleans binary serializer, <see cref="MessagingOptions"/> and
/// a <see cref="TimeProvider"/> singleton. Shared by the tests of one xunit collection, which
/// keep apart by using ids of their own.
/// </summary>
public abstract class ImCluster : IAsyncLifetime
{
    public const string StorageName = "im";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "orleansim-grain-tests", Guid.NewGuid().ToString("N"));

    public string ServiceId { get; } = "grain-tests-" + Guid.NewGuid().ToString("N")[..8];

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public SqliteMessageStore Store { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The clock the grains use.</summary>
    public abstract TimeProvider Clock { get; }

    public IConversationGrain Conversation(string id) => Client.GetGrain<IConversationGrain>(id);

    public IUserGrain User(string id) => Client.GetGrain<IUserGrain>(id);

    /// <summary>A stand-in for one gateway process: a recording observer registered with the cluster client.</summary>
    public TestGateway NewGateway()
    {
        var observer = new RecordingObserver();
        var reference = Client.CreateObjectReference<IGatewayObserver>(observer);
        return new TestGateway(observer, reference);
    }

    /// <summary>The silo's registry of observers that live in its process (a co-hosted gateway registers there).</summary>
    public InProcessObservers InProcessObservers => Cluster.Silos[0].ServiceProvider.GetRequiredService<InProcessObservers>();

    /// <summary>A plain connection to the message store's file, for looking at or tampering with its rows.</summary>
    public SqliteConnection ConnectToDatabase() => Open(Store.ConnectionString);

    /// <summary>A plain connection to the grain-state file, for looking at or tampering with grain state rows.</summary>
    public SqliteConnection ConnectToGrainState() => Open(Store.GrainStateConnectionString);

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Anything else a fixture adds to the silo (call filters that count, say).</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>The clock of the store's and the grain state's circuit breakers.</summary>
    protected virtual TimeProvider BreakerClock => TimeProvider.System;

    /// <summary>The message store's settings beyond its directory (a node's defaults unless a fixture needs otherwise).</summary>
    protected virtual void ConfigureStore(SqliteStoreOptions options)
    {
    }

    /// <summary>The word-list filter's settings; no words (the default): no word-list filter.</summary>
    protected virtual void ConfigureContentSafety(ContentSafetyOptions options)
    {
    }

    /// <summary>Settings this cluster runs with (the defaults of a node unless a fixture needs otherwise).</summary>
    protected virtual void ConfigureMessaging(MessagingOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        var storeOptions = new SqliteStoreOptions { DataDirectory = DataDirectory };
        ConfigureStore(storeOptions);
        // Open (and migrate) the database before Orleans starts, as the node does: the grain
        // storage provider reads its queries from the schema at start-up.
        Store = await SqliteMessageStore.OpenAsync(storeOptions, clock: BreakerClock);
        var store = Store;
        var clock = Clock;

        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ServiceId = ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton(store);
            host.Services.AddSingleton<IMessageStore>(store);
            host.Services.AddSingleton(clock);
            host.Services.AddSingleton<InProcessObservers>();
            // Orleans' own maintenance loops stay on the real clock whatever the grains see.
            host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            host.Services.AddOptions<MessagingOptions>()
                .Configure(ConfigureMessaging)
                .Validate(o => { o.Validate(); return true; });
        });
        builder.ConfigureSilo((_, silo) => silo.AddImGrainStorage(
            StorageName, ImGrainStorage.SqliteInvariant, storeOptions.GetGrainStateConnectionString(), storeOptions.CircuitBreaker, BreakerClock));
        var words = new ContentSafetyOptions();
        ConfigureContentSafety(words);
        builder.ConfigureSilo((_, silo) => silo.AddImHardening(
            bans => bans.RefreshInterval = TimeSpan.FromMilliseconds(200),
            ConfigureContentSafety,
            words.Words.Length > 0));
        builder.ConfigureClient(client => client.AddOutgoingGrainCallFilter(new TrustedTestClientFilter()));
        builder.ConfigureSilo((_, silo) => ConfigureSilo(silo));
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        var resolved = Cluster.Silos[0].ServiceProvider.GetRequiredService<TimeProvider>();
        if (!ReferenceEquals(resolved, clock))
        {
            throw new InvalidOperationException($"The silo resolves {resolved.GetType().Name} as its TimeProvider, not the test clock.");
        }
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
