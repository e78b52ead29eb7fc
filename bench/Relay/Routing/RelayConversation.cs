using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Routing;

/// <summary>
/// One conversation: its members and its seq counter. Like the conversation grain, it handles
/// one send at a time, numbering the message and pushing it to every member before the next,
/// so each member sees the conversation's messages in seq order.
/// </summary>
internal sealed class RelayConversation
{
    private readonly Lock _gate = new();
    private readonly Conversation _shape;
    private readonly RelayUser[] _members;
    private readonly HashSet<string> _memberIds;
    private long _lastSeq;

    /// <param name="shape">Id, kind, name, members and creation time; last_seq is filled in when described.</param>
    public RelayConversation(Conversation shape, RelayUser[] members)
    {
        _shape = shape;
        _members = members;
        _memberIds = members.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
    }

    public string Id => _shape.Id;

    public Conversation Describe()
    {
        var conversation = _shape.Clone();
        lock (_gate)
        {
            conversation.LastSeq = _lastSeq;
        }
        return conversation;
    }

    public long LastSeq
    {
        get { lock (_gate) { return _lastSeq; } }
    }

    public void RequireMember(string userId)
    {
        if (!_memberIds.Contains(userId))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"{userId} is not a member of {Id}."));
        }
    }

    public SendAck Send(string senderId, SendRequest request, SendDeduplicator sent)
    {
        RequireMember(senderId);
        lock (_gate)
        {
            if (sent.TryGet(senderId, request.ClientMessageId, out var first))
            {
                var again = first.Clone();
                again.Duplicate = true;
                return again;
            }
            var seq = ++_lastSeq;
            var sentAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var message = new Message
            {
                ConversationId = Id,
                Seq = seq,
                SenderId = senderId,
                ClientMessageId = request.ClientMessageId,
                SentAtMs = sentAtMs,
                Body = request.Body,
            };
            var ack = new SendAck { ConversationId = Id, Seq = seq, SentAtMs = sentAtMs, ClientMessageId = request.ClientMessageId };
            sent.Remember(senderId, request.ClientMessageId, ack);
            foreach (var member in _members)
            {
                member.Deliver(message);
            }
            return ack;
        }
    }

    /// <summary>Typing is ephemeral: it goes to the other members' live streams and nowhere else.</summary>
    public void Typing(string userId, bool typing)
    {
        RequireMember(userId);
        var frame = new ServerFrame { Typing = new TypingEvent { ConversationId = Id, UserId = userId, Typing = typing } };
        foreach (var member in _members)
        {
            if (member.Id != userId)
            {
                member.Signal(frame);
            }
        }
    }
}
