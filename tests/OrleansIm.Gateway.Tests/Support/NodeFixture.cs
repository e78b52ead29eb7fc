namespace OrleansIm.Gateway.Tests.Support;

/// <summary>One node shared by a test collection; tests use unique user ids so they do not see each other.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public Task<TestUser> LoginAsync(string name) => TestUser.LoginAsync(Node, Unique(name));

    public static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";
}

[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NodeFixture>
{
    public const string Name = "node";
}
