using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansIm.Grains.Hosting;
using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Rooms;

/// <summary>
/// A silo for room tests: rooms keep no message storage, so in-memory grain storage "im" holds
/// their settings. Short windows and refreshes, a small ring and a low relay threshold make
/// every mechanism show up in a few messages.
/// </summary>
public sealed class RoomClusterFixture : IAsyncLifetime
{
    public const int RingSize = 5;
    public const int RelayThreshold = 3;
    public const int MaxRelays = 2;
    // Real time: a gateway that refreshes every round must never look silent. With the whole
    // suite's clusters in one process a grain call can wait seconds for a thread; at 1 s and at
    // 3 s CI saw the refreshing gateway expired together with the silent one (count 0, not 3).
    // The expiry test then takes this long; nothing else waits for it.
    public static readonly TimeSpan GatewayTtl = TimeSpan.FromSeconds(10);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public ILiveRoomGrain Room(string id) => Client.GetGrain<ILiveRoomGrain>(id);

    /// <summary>A stand-in for one gateway process, subscribed with its own id and generations.</summary>
    public RoomTestGateway NewGateway()
    {
        var observer = new RecordingRoomObserver();
        return new RoomTestGateway(observer, Client.CreateObjectReference<IRoomGatewayObserver>(observer));
    }

    /// <summary>A fresh room owned by <paramref name="owner"/>.</summary>
    public async Task<ILiveRoomGrain> NewRoomAsync(string owner, string[]? moderators = null, int messagesPerSecond = 0)
    {
        var room = Room(RoomId.New());
        await room.Create(new CreateRoomCommand(owner, "test room", moderators ?? [], messagesPerSecond));
        return room;
    }

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ServiceId = "room-tests-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton(TimeProvider.System);
            host.Services.AddOptions<LiveRoomOptions>().Configure(o =>
            {
                o.Window = TimeSpan.FromMilliseconds(20);
                o.RingSize = RingSize;
                o.RelayThreshold = RelayThreshold;
                o.MaxRelays = MaxRelays;
                o.GatewayRefreshInterval = TimeSpan.FromMilliseconds(200);
                o.GatewayTtl = GatewayTtl;
            }).Validate(o => { o.Validate(); return true; });
        });
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage("im").AddImHardening(_ => { }, _ => { }, wordList: false));
        builder.ConfigureClient(client => client.AddOutgoingGrainCallFilter(new TrustedTestClientFilter()));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
