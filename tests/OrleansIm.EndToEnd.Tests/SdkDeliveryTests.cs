using OrleansIm.EndToEnd.Tests.Support;
using OrleansIm.ProcessHost;

namespace OrleansIm.EndToEnd.Tests;

/// <summary>The SDK against a node running as its own process, as an app developer would use it.</summary>
public sealed class SdkDeliveryTests : IAsyncLifetime
{
    private readonly NodeProcess _node = new();

    public Task InitializeAsync() => _node.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Every_device_of_every_member_gets_each_message_once_in_order()
    {
        var alice = Clients.Unique("alice");
        var bob = Clients.Unique("bob");
        await using var alicePhone = await Clients.StartAsync(_node, alice, "phone");
        await using var aliceLaptop = await Clients.StartAsync(_node, alice, "laptop");
        await using var bobPhone = await Clients.StartAsync(_node, bob, "phone");
        var conversation = await alicePhone.Client.OpenDirectAsync(bob);

        var acks = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            var sender = i % 3 == 0 ? bobPhone : alicePhone;
            acks.Add((await sender.Client.SendTextAsync(conversation.Id, $"m{i}")).Seq);
        }
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), acks);

        foreach (var device in new[] { alicePhone, aliceLaptop, bobPhone })
        {
            await device.WaitUntilAsync(d => d.Messages(conversation.Id).Count >= 20, "20 messages");
            Assert.Equal(acks, device.Messages(conversation.Id).Select(m => m.Seq));
        }
    }

    [Fact]
    public async Task A_device_started_later_with_a_saved_cursor_gets_only_what_it_missed()
    {
        var alice = Clients.Unique("alice");
        var bob = Clients.Unique("bob");
        var bobCursor = new Client.Cursors.InMemoryCursorStore();
        await using var alicePhone = await Clients.StartAsync(_node, alice, "phone");
        var conversation = await alicePhone.Client.OpenDirectAsync(bob);

        await using (var bobPhone = await Clients.StartAsync(_node, bob, "phone", bobCursor))
        {
            await alicePhone.Client.SendTextAsync(conversation.Id, "first");
            await bobPhone.WaitUntilAsync(d => d.Messages(conversation.Id).Count == 1, "first message");
            await bobPhone.WaitUntilAsync(d => d.Client.Cursor >= 1, "cursor to advance");
        }
        for (var i = 0; i < 5; i++)
        {
            await alicePhone.Client.SendTextAsync(conversation.Id, $"away {i}");
        }
        await using var bobAgain = await Clients.StartAsync(_node, bob, "phone", bobCursor);
        await bobAgain.WaitUntilAsync(d => d.Messages(conversation.Id).Count >= 5, "the 5 missed messages");
        Assert.Equal([2L, 3, 4, 5, 6], bobAgain.Messages(conversation.Id).Select(m => m.Seq));
    }
}
