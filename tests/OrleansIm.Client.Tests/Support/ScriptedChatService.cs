using System.Threading.Channels;
using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Tests.Support;

/// <summary>
/// A gateway stand-in for one user ("alice") that follows the proto's stream protocol and lets a
/// test script the awkward cases: lost send results, pushes that skip events, refused tokens.
/// </summary>
internal sealed class ScriptedChatService : ChatService.ChatServiceBase
{
    public const string GoodToken = "good-token";
    public const int PageSize = 2;

    private readonly Lock _gate = new();
    private readonly List<SyncEvent> _timeline = [];
    private readonly Dictionary<string, SendAck> _stored = new();
    private readonly Dictionary<string, long> _conversationSeqs = new();
    private Channel<ServerFrame>? _live;
    private int _connects;
    private int _unaryCalls;

    /// <summary>Completes each time a stream has sent its Welcome.</summary>
    public Channel<int> Connected { get; } = Channel.CreateUnbounded<int>();

    /// <summary>Every CursorAck received.</summary>
    public Channel<long> Acks { get; } = Channel.CreateUnbounded<long>();

    /// <summary>Every Sync request's `after`.</summary>
    public Channel<long> SyncRequests { get; } = Channel.CreateUnbounded<long>();

    /// <summary>How many of the next sends are stored but answered by breaking the stream instead of a SendResult.</summary>
    public int LoseNextSendResults { get; set; }

    public int Connects => Volatile.Read(ref _connects);

    /// <summary>How many of the next Sync requests on the stream are answered with an in-band UNAVAILABLE error.</summary>
    public int FailNextSyncs { get; set; }

    private bool TakeSyncFailure()
    {
        lock (_gate)
        {
            if (FailNextSyncs <= 0)
            {
                return false;
            }
            FailNextSyncs--;
            return true;
        }
    }

    /// <summary>How many of the next OpenDirect/CreateGroup calls are refused with UNAVAILABLE (a silo failing over).</summary>
    public int RefuseNextUnaryCalls { get; set; }

    /// <summary>OpenDirect and CreateGroup calls received, refused ones included.</summary>
    public int UnaryCalls => Volatile.Read(ref _unaryCalls);

    public int StoredCount
    {
        get
        {
            lock (_gate)
            {
                return _stored.Count;
            }
        }
    }

    /// <summary>Appends a message from another user to alice's timeline; pushes it if <paramref name="push"/>.</summary>
    public SyncEvent AddIncoming(string conversationId, string sender, string text, bool push)
    {
        SyncEvent syncEvent;
        lock (_gate)
        {
            syncEvent = AppendLocked(NewMessageLocked(conversationId, sender, Guid.NewGuid().ToString("N"), text));
        }

        if (push)
        {
            Push(syncEvent);
        }

        return syncEvent;
    }

    public void Push(SyncEvent syncEvent) => _live?.Writer.TryWrite(new ServerFrame { Event = syncEvent });

    public void SendGoAway() => _live?.Writer.TryWrite(new ServerFrame { GoAway = new GoAway { Reason = "draining", ReconnectAfterMs = 0 } });

    public override async Task Connect(IAsyncStreamReader<ClientFrame> requestStream, IServerStreamWriter<ServerFrame> responseStream, ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("authorization") != "Bearer " + GoodToken)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "bad token"));
        }

        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.KindCase != ClientFrame.KindOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "first frame must be hello"));
        }

        var outbound = Channel.CreateUnbounded<ServerFrame>();
        var writer = Task.Run(async () =>
        {
            await foreach (var frame in outbound.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(frame, context.CancellationToken);
            }
        });

        lock (_gate)
        {
            outbound.Writer.TryWrite(new ServerFrame
            {
                Welcome = new Welcome { UserId = "alice", LatestSyncSeq = _timeline.Count, MaxPageSize = PageSize, MaxBodyBytes = 4096 },
            });
            _live = outbound;
        }

        Connected.Writer.TryWrite(Interlocked.Increment(ref _connects));
        try
        {
            await foreach (var frame in requestStream.ReadAllAsync(context.CancellationToken))
            {
                switch (frame.KindCase)
                {
                    case ClientFrame.KindOneofCase.Send:
                        var (result, pushed, lose) = Store(frame.Send);
                        if (pushed is not null)
                        {
                            outbound.Writer.TryWrite(new ServerFrame { Event = pushed });
                        }

                        if (lose)
                        {
                            throw new RpcException(new Status(StatusCode.Unavailable, "connection lost before the ack"));
                        }

                        outbound.Writer.TryWrite(new ServerFrame { SendResult = result });
                        break;
                    case ClientFrame.KindOneofCase.Sync:
                        SyncRequests.Writer.TryWrite(frame.Sync.After);
                        outbound.Writer.TryWrite(TakeSyncFailure()
                            ? new ServerFrame { RequestId = frame.RequestId, Error = new Error { Code = (int)StatusCode.Unavailable, Message = "the user's grain is moving" } }
                            : new ServerFrame { RequestId = frame.RequestId, Sync = Page(frame.Sync.After) });
                        break;
                    case ClientFrame.KindOneofCase.Ping:
                        outbound.Writer.TryWrite(new ServerFrame { Pong = new Pong { Nonce = frame.Ping.Nonce } });
                        break;
                    case ClientFrame.KindOneofCase.Ack:
                        Acks.Writer.TryWrite(frame.Ack.Cursor);
                        break;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_live == outbound)
                {
                    _live = null;
                }
            }

            outbound.Writer.TryComplete();
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public override Task<Conversation> OpenDirect(OpenDirectRequest request, ServerCallContext context) =>
        AnswerUnary(new Conversation { Id = "d:alice:" + request.PeerId, Kind = ConversationKind.Direct });

    public override Task<Conversation> CreateGroup(CreateGroupRequest request, ServerCallContext context) =>
        AnswerUnary(new Conversation { Id = "g:" + Guid.NewGuid().ToString("N"), Kind = ConversationKind.Group, Name = request.Name });

    private Task<Conversation> AnswerUnary(Conversation conversation)
    {
        Interlocked.Increment(ref _unaryCalls);
        lock (_gate)
        {
            if (RefuseNextUnaryCalls > 0)
            {
                RefuseNextUnaryCalls--;
                throw new RpcException(new Status(StatusCode.Unavailable, "a silo is unavailable"));
            }
        }
        return Task.FromResult(conversation);
    }

    public override Task<HistoryResponse> GetHistory(HistoryRequest request, ServerCallContext context)
    {
        lock (_gate)
        {
            var messages = _timeline.Where(e => e.Message?.ConversationId == request.ConversationId).Select(e => e.Message).ToList();
            var after = messages.Where(m => m.Seq > request.AnchorSeq).OrderBy(m => m.Seq).ToList();
            var response = new HistoryResponse { HasMore = after.Count > request.Limit };
            response.Messages.Add(after.Take(request.Limit));
            return Task.FromResult(response);
        }
    }

    private (SendResult Result, SyncEvent? Pushed, bool Lose) Store(SendRequest send)
    {
        lock (_gate)
        {
            if (_stored.TryGetValue(send.ClientMessageId, out var original))
            {
                var duplicate = original.Clone();
                duplicate.Duplicate = true;
                return (new SendResult { ClientMessageId = send.ClientMessageId, Ack = duplicate }, null, false);
            }

            var message = NewMessageLocked(send.ConversationId, "alice", send.ClientMessageId, send.Body.Text.Text);
            var ack = new SendAck { ConversationId = message.ConversationId, Seq = message.Seq, ClientMessageId = send.ClientMessageId };
            _stored[send.ClientMessageId] = ack;
            var lose = LoseNextSendResults > 0;
            if (lose)
            {
                LoseNextSendResults--;
            }

            return (new SendResult { ClientMessageId = send.ClientMessageId, Ack = ack }, AppendLocked(message), lose);
        }
    }

    private SyncResponse Page(long after)
    {
        lock (_gate)
        {
            var page = new SyncResponse { LatestSyncSeq = _timeline.Count };
            page.Events.Add(_timeline.Where(e => e.SyncSeq > after).Take(PageSize));
            page.HasMore = _timeline.Count(e => e.SyncSeq > after) > PageSize;
            return page;
        }
    }

    private Message NewMessageLocked(string conversationId, string sender, string clientMessageId, string text)
    {
        var seq = _conversationSeqs[conversationId] = _conversationSeqs.GetValueOrDefault(conversationId) + 1;
        return new Message
        {
            ConversationId = conversationId,
            Seq = seq,
            SenderId = sender,
            ClientMessageId = clientMessageId,
            Body = new MessageBody { Text = new TextBody { Text = text } },
        };
    }

    private SyncEvent AppendLocked(Message message)
    {
        var syncEvent = new SyncEvent { SyncSeq = _timeline.Count + 1, Message = message };
        _timeline.Add(syncEvent);
        return syncEvent;
    }
}
