using Google.Protobuf;
using Grpc.Core;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;
using static OrleansIm.Gateway.Tests.PermissionTests;

namespace OrleansIm.Gateway.Tests;

[Collection(NodeCollection.Name)]
public sealed class BadInputTests(NodeFixture fixture)
{
    [Fact]
    public async Task Bad_sends_are_refused_with_invalid_argument_and_lose_nothing_acknowledged()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        var good = await alice.SendTextAsync(conversation.Id, "kept");

        var bad = new (string Why, SendRequest Request, string Mentions)[]
        {
            ("empty text", Request(conversation.Id, new MessageBody { Text = new TextBody { Text = "" } }), "text"),
            ("blank text", Request(conversation.Id, new MessageBody { Text = new TextBody { Text = "   " } }), "text"),
            ("no body", Request(conversation.Id, null), "body"),
            ("oversized", Request(conversation.Id, new MessageBody { Text = new TextBody { Text = new string('x', 64 * 1024 + 1) } }), "limit"),
            ("system body", Request(conversation.Id, new MessageBody { System = new SystemNotice { Kind = SystemNoticeKind.Renamed } }), "body"),
            ("recall body", Request(conversation.Id, new MessageBody { Recall = new RecallNotice { TargetSeq = 1 } }), "body"),
            ("bad custom type", Request(conversation.Id, new MessageBody { Custom = new CustomBody { Type = "has space", Data = ByteString.CopyFromUtf8("x") } }), "type"),
            ("bad client id", Request(conversation.Id, new MessageBody { Text = new TextBody { Text = "x" } }, "bad id!"), "client_message_id"),
            ("empty client id", Request(conversation.Id, new MessageBody { Text = new TextBody { Text = "x" } }, ""), "client_message_id"),
            ("bad conversation id", Request("x:nope", new MessageBody { Text = new TextBody { Text = "x" } }), "conversation_id"),
            ("empty conversation id", Request("", new MessageBody { Text = new TextBody { Text = "x" } }), "conversation_id"),
        };
        foreach (var (why, request, mentions) in bad)
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await alice.Chat.SendAsync(request));
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{why}: got {error.StatusCode} {error.Status.Detail}");
            Assert.Contains(mentions, error.Status.Detail);
        }

        var history = await bob.HistoryAsync(conversation.Id);
        Assert.Equal([good.Seq], history.Messages.Select(m => m.Seq));
        var next = await alice.SendTextAsync(conversation.Id, "still works");
        Assert.Equal(good.Seq + 1, next.Seq);
    }

    [Fact]
    public async Task Out_of_range_limits_and_seqs_are_invalid_arguments()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversation.Id, Limit = 100_000 }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversation.Id, Limit = -1 }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversation.Id, AnchorSeq = -5 }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversation.Id, Direction = (Direction)42 }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.SyncAsync(new SyncRequest { After = -1 }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.SyncAsync(new SyncRequest { Limit = 1_000_000 }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.MarkReadAsync(new MarkReadRequest { ConversationId = conversation.Id, Seq = -3 }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.CreateGroupAsync(new CreateGroupRequest { Name = "" }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.CreateGroupAsync(new CreateGroupRequest { Name = new string('n', 500) }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.CreateGroupAsync(new CreateGroupRequest { Name = "ok", MemberIds = { "bad id" } }));
        // More than one call may add (MaxMembersPerCall, 1000): bigger groups are built in pages.
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.CreateGroupAsync(new CreateGroupRequest { Name = "big", MemberIds = { Enumerable.Range(0, 1001).Select(i => $"u{i}") } }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.GetPresenceAsync(new GetPresenceRequest { UserIds = { "no good" } }));
    }

    [Fact]
    public async Task A_stream_must_start_with_a_valid_hello()
    {
        await using var alice = await fixture.LoginAsync("alice");
        using (var call = alice.Chat.Connect())
        {
            await call.RequestStream.WriteAsync(new ClientFrame { Ping = new Ping { Nonce = 1 } });
            var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains("hello", error.Status.Detail);
        }
        using (var call = alice.Chat.Connect())
        {
            await call.RequestStream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = "bad device!" } });
            var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains("device_id", error.Status.Detail);
        }
    }

    [Fact]
    public async Task Bad_frames_on_an_open_stream_get_in_band_errors_and_the_stream_keeps_working()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        await using var stream = await alice.ConnectAsync();

        await stream.WriteAsync(new ClientFrame { RequestId = "r1", Sync = new SyncRequest { After = -1 } });
        await stream.WriteAsync(new ClientFrame { RequestId = "r2", MarkRead = new MarkReadRequest { ConversationId = "g:nothing-here" } });
        await stream.WriteAsync(new ClientFrame { RequestId = "r3", Ack = new CursorAck { Cursor = 999_999 } });
        await stream.WriteAsync(new ClientFrame { RequestId = "r4", Hello = new Hello { DeviceId = "again" } });
        await stream.WriteAsync(new ClientFrame { RequestId = "r5" });
        var invalid = await stream.SendTextAsync(conversation.Id, "");

        Assert.Equal((int)StatusCode.InvalidArgument, (await stream.WaitForAsync(f => f.RequestId == "r1")).Error.Code);
        Assert.Equal((int)StatusCode.NotFound, (await stream.WaitForAsync(f => f.RequestId == "r2")).Error.Code);
        Assert.Equal((int)StatusCode.InvalidArgument, (await stream.WaitForAsync(f => f.RequestId == "r3")).Error.Code);
        Assert.Equal((int)StatusCode.InvalidArgument, (await stream.WaitForAsync(f => f.RequestId == "r4")).Error.Code);
        Assert.Equal((int)StatusCode.InvalidArgument, (await stream.WaitForAsync(f => f.RequestId == "r5")).Error.Code);
        Assert.Equal((int)StatusCode.InvalidArgument, invalid.Error.Code);
        Assert.Null(invalid.Ack);

        var ok = await stream.SendTextAsync(conversation.Id, "fine");
        Assert.Equal(1, ok.Ack.Seq);
        await stream.WriteAsync(new ClientFrame { RequestId = "p", Ping = new Ping { Nonce = 7 } });
        Assert.Equal(7, (await stream.WaitForAsync(f => f.RequestId == "p")).Pong.Nonce);
    }

    private static SendRequest Request(string conversationId, MessageBody? body, string? clientId = null) => new()
    {
        ConversationId = conversationId,
        ClientMessageId = clientId ?? Guid.NewGuid().ToString("N"),
        Body = body,
    };

    [Fact]
    public async Task Bytes_that_are_not_protobuf_are_invalid_arguments_on_unary_calls_and_streams()
    {
        await using var alice = await fixture.LoginAsync("alice");
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(fixture.Node.GrpcAddress);
        var invoker = channel.CreateCallInvoker();
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var headers = new Metadata { { "authorization", $"Bearer {alice.Token}" } };
        // A length-delimited field whose length runs past the end of the message.
        byte[] garbage = [0x0A, 0x7F, 0x01];

        var unary = new Method<byte[], byte[]>(MethodType.Unary, "im.v1.ChatService", "GetHistory", bytes, bytes);
        var error = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(unary, null, new CallOptions(headers), garbage).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("im.v1.ChatService/GetHistory", error.Status.Detail);

        var connect = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "im.v1.ChatService", "Connect", bytes, bytes);
        using var stream = invoker.AsyncDuplexStreamingCall(connect, null, new CallOptions(headers));
        await stream.RequestStream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = "phone" } }.ToByteArray());
        await stream.RequestStream.WriteAsync(garbage);
        var streamError = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
        Assert.Equal(StatusCode.InvalidArgument, streamError.StatusCode);
        Assert.Contains("not a valid protobuf message", streamError.Status.Detail);
    }
}
