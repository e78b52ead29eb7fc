using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.Rooms;

/// <summary>A node with short room windows, a small ring and small viewer queues, shared by the room tests of one class.</summary>
public sealed class RoomNodeFixture : IAsyncLifetime
{
    public const int RingSize = 5;
    public const int ViewerQueueCapacity = 32;

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        ["OrleansIm:Rooms:Window"] = "00:00:00.020",
        ["OrleansIm:Rooms:RingSize"] = RingSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrleansIm:Rooms:ViewerQueueCapacity"] = ViewerQueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrleansIm:Rooms:ViewerCloseGrace"] = "00:00:30",
        ["OrleansIm:Rooms:MaxTextBytes"] = "8192",
    });

    public async Task DisposeAsync() => await Node.DisposeAsync();

    /// <summary>A user on a connection of its own (a slow reader must not share flow control with anyone).</summary>
    public Task<RoomUser> LoginAsync(string name) => RoomUser.LoginAsync(Node, NodeFixture.Unique(name));
}
