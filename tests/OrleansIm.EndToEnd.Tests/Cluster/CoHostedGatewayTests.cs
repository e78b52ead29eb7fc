using OrleansIm.EndToEnd.Tests.Support;
using OrleansIm.ProcessHost;

namespace OrleansIm.EndToEnd.Tests.Cluster;

/// <summary>Silos that serve gRPC themselves (the default) still form one cluster on PostgreSQL: users on different silos talk.</summary>
public sealed class CoHostedGatewayTests
{
    [Fact]
    public async Task Users_connected_to_different_silos_get_each_others_messages_in_order()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("cohosted");
        var clusterId = "cohosted-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = new NodeProcess(settings: ClusterSettings.Postgres(database, clusterId));
        await using var second = new NodeProcess(settings: ClusterSettings.Postgres(database, clusterId));
        await first.StartAsync();
        await second.StartAsync();

        var alice = Clients.Unique("alice");
        var bob = Clients.Unique("bob");
        await using var alicePhone = await Clients.StartAsync(first, alice, "phone");
        await using var bobPhone = await Clients.StartAsync(second, bob, "phone");
        var conversation = await alicePhone.Client.OpenDirectAsync(bob);

        var seqs = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            var sender = i % 2 == 0 ? alicePhone : bobPhone;
            seqs.Add((await sender.Client.SendTextAsync(conversation.Id, $"m{i}")).Seq);
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), seqs);
        foreach (var device in new[] { alicePhone, bobPhone })
        {
            await device.WaitUntilAsync(d => d.Messages(conversation.Id).Count >= 10, "10 messages");
            Assert.Equal(seqs, device.Messages(conversation.Id).Select(m => m.Seq));
        }
    }
}
