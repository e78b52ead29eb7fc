using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>
/// A node with tiny budgets that practically never refill during a test (one token per 100 s),
/// so what passes and what is refused depends on counts alone, not on timing.
/// </summary>
public sealed class RateLimitedNodeFixture : IAsyncLifetime
{
    public const int SendsPerConnection = 5;
    public const int SendsPerUser = 8;
    public const int JoinsPerUser = 4;
    public const int QueriesPerConnection = 2;
    public const int QueriesPerUser = 20;

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        [Key("Sends:PerConnection:PerSecond")] = "0.01",
        [Key("Sends:PerConnection:Burst")] = $"{SendsPerConnection}",
        [Key("Sends:PerUser:PerSecond")] = "0.01",
        [Key("Sends:PerUser:Burst")] = $"{SendsPerUser}",
        [Key("Joins:PerUser:PerSecond")] = "0.01",
        [Key("Joins:PerUser:Burst")] = $"{JoinsPerUser}",
        [Key("Queries:PerConnection:PerSecond")] = "0.01",
        [Key("Queries:PerConnection:Burst")] = $"{QueriesPerConnection}",
        [Key("Queries:PerUser:PerSecond")] = "0.01",
        [Key("Queries:PerUser:Burst")] = $"{QueriesPerUser}",
    });

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public Task<TestUser> LoginAsync(string name) => TestUser.LoginAsync(Node, NodeFixture.Unique(name));

    private static string Key(string path) => $"OrleansIm:Gateway:RateLimits:{path}";
}
