using System.Threading.Channels;
using Grpc.Core;
using OrleansIm.Client.Cursors;
using OrleansIm.Client.Events;
using OrleansIm.Client.Tests.Support;

namespace OrleansIm.Client.Tests.Connection;

/// <summary>The SDK against a scripted gateway over real h2c: resync, gap pulls, lost acks, refusals.</summary>
public sealed class ImClientStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private ScriptedGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await ScriptedGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private ImClient CreateClient(ICursorStore? store = null, string token = ScriptedChatService.GoodToken) => new(new ImClientOptions
    {
        Endpoints = [_gateway.Endpoint],
        TokenProvider = ImClientOptions.FixedToken(token),
        DeviceId = "test-device",
        CursorStore = store ?? new InMemoryCursorStore(),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(10),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
        CursorAckDelay = TimeSpan.Zero,
    });

    private static async Task<T> Within<T>(ChannelReader<T> reader)
    {
        using var patience = new CancellationTokenSource(Patience);
        return await reader.ReadAsync(patience.Token);
    }

    [Fact]
    public async Task Start_resyncs_from_the_saved_cursor_page_by_page()
    {
        for (var i = 0; i < 5; i++)
        {
            _gateway.Service.AddIncoming("g:team", "bob", $"m{i}", push: false);
        }

        await using var client = CreateClient(new InMemoryCursorStore(2));
        var events = new EventStream(client);

        await client.StartAsync().WaitAsync(Patience);
        var resynced = await events.NextAsync<ResyncCompleted>();

        Assert.Equal(["g:team#3", "g:team#4", "g:team#5"], events.Messages);
        Assert.Equal(new ResyncCompleted(5, 3), resynced);
        Assert.Equal(2, await Within(_gateway.Service.SyncRequests.Reader));
        Assert.Equal(4, await Within(_gateway.Service.SyncRequests.Reader));
        Assert.Equal("alice", client.UserId);
    }

    [Fact]
    public async Task A_push_that_skips_an_event_pulls_the_missing_one_and_delivers_both_in_order()
    {
        await using var client = CreateClient();
        var events = new EventStream(client);
        await client.StartAsync().WaitAsync(Patience);
        await events.NextAsync<ResyncCompleted>();

        _gateway.Service.AddIncoming("g:team", "bob", "first", push: false);
        _gateway.Service.AddIncoming("g:team", "bob", "second", push: true);
        await events.NextAsync<MessageReceived>(m => m.Message.Seq == 2);

        Assert.Equal(["g:team#1", "g:team#2"], events.Messages);
        Assert.Equal(2, client.Cursor);
    }

    [Fact]
    public async Task A_send_whose_result_was_lost_is_resent_after_reconnect_and_returns_the_original_ack()
    {
        var store = new InMemoryCursorStore();
        var client = CreateClient(store);
        var events = new EventStream(client);
        await client.StartAsync().WaitAsync(Patience);
        _gateway.Service.LoseNextSendResults = 1;

        var ack = await client.SendTextAsync("g:team", "hello", "cmid-1").WaitAsync(Patience);

        Assert.Equal("cmid-1", ack.ClientMessageId);
        Assert.Equal(1, ack.Seq);
        Assert.True(ack.Duplicate, "the server answered the resend from its dedup record");
        Assert.Equal(1, _gateway.Service.StoredCount);
        Assert.True(_gateway.Service.Connects >= 2);
        Assert.Equal(0, client.PendingSendCount);

        var own = await events.NextAsync<MessageReceived>();
        Assert.True(own.IsOwn);
        await client.DisposeAsync();
        Assert.Single(events.Seen.OfType<MessageReceived>());
        Assert.Equal(1, store.Cursor);
    }

    [Fact]
    public async Task Cursor_acks_reach_the_server_after_events_are_applied()
    {
        _gateway.Service.AddIncoming("d:alice:bob", "bob", "hi", push: false);
        await using var client = CreateClient();

        await client.StartAsync().WaitAsync(Patience);

        Assert.Equal(1, await Within(_gateway.Service.Acks.Reader));
    }

    [Fact]
    public async Task GoAway_makes_the_client_reconnect_and_resync()
    {
        await using var client = CreateClient();
        var events = new EventStream(client);
        await client.StartAsync().WaitAsync(Patience);
        await events.NextAsync<ResyncCompleted>();

        _gateway.Service.SendGoAway();
        _gateway.Service.AddIncoming("g:team", "bob", "while away", push: false);

        await events.NextAsync<ConnectionStateChanged>(c => c.State == ConnectionState.Disconnected);
        await events.NextAsync<ResyncCompleted>();
        Assert.Equal(["g:team#1"], events.Messages);
        Assert.Equal(2, _gateway.Service.Connects);
    }

    [Fact]
    public async Task A_gap_pull_the_server_fails_reconnects_and_still_delivers_everything_in_order()
    {
        await using var client = CreateClient();
        var events = new EventStream(client);
        await client.StartAsync().WaitAsync(Patience);
        await events.NextAsync<ResyncCompleted>();

        _gateway.Service.FailNextSyncs = 1;
        _gateway.Service.AddIncoming("g:team", "bob", "first", push: false);
        _gateway.Service.AddIncoming("g:team", "bob", "second", push: true);

        await events.NextAsync<MessageReceived>(m => m.Message.Seq == 2);
        Assert.Equal(["g:team#1", "g:team#2"], events.Messages);
        Assert.Equal(2, _gateway.Service.Connects);
    }

    [Fact]
    public async Task An_idempotent_call_refused_with_unavailable_is_retried_until_it_succeeds()
    {
        await using var client = CreateClient();
        _gateway.Service.RefuseNextUnaryCalls = 2;

        var conversation = await client.OpenDirectAsync("bob").WaitAsync(Patience);

        Assert.Equal("d:alice:bob", conversation.Id);
        Assert.Equal(3, _gateway.Service.UnaryCalls);
    }

    [Fact]
    public async Task Creating_a_group_is_not_retried_because_a_retry_could_create_a_second_one()
    {
        await using var client = CreateClient();
        _gateway.Service.RefuseNextUnaryCalls = 1;

        var error = await Assert.ThrowsAsync<ImClientException>(() => client.CreateGroupAsync("team", ["bob"]).WaitAsync(Patience));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, _gateway.Service.UnaryCalls);
    }

    [Fact]
    public async Task A_refused_token_fails_start_and_is_not_retried()
    {
        await using var client = CreateClient(token: "expired");
        var events = new EventStream(client);

        var error = await Assert.ThrowsAsync<ImClientException>(() => client.StartAsync().WaitAsync(Patience));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        var disconnected = await events.NextAsync<ConnectionStateChanged>(c => c.State == ConnectionState.Disconnected);
        Assert.False(disconnected.WillRetry);
        Assert.Equal(StatusCode.Unauthenticated, disconnected.Status);
        Assert.Equal(0, _gateway.Service.Connects);
        var sendError = await Assert.ThrowsAsync<ImClientException>(() => client.SendTextAsync("g:team", "x"));
        Assert.Equal(StatusCode.Unauthenticated, sendError.StatusCode);
    }
}
