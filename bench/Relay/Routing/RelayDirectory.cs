using System.Collections.Concurrent;
using Grpc.Core;
using OrleansIm.Bench.Relay.Hosting;
using OrleansIm.Bench.Relay.Identity;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Routing;

/// <summary>
/// All users and conversations the relay has seen, in memory, for the life of the process
/// (a benchmark run). Nothing is ever evicted but the remembered send acks.
/// </summary>
internal sealed class RelayDirectory
{
    private const int MaxGroupNameLength = 128;

    private readonly ConcurrentDictionary<string, RelayUser> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RelayConversation> _conversations = new(StringComparer.Ordinal);
    private readonly SendDeduplicator _sent = new(RelayLimits.RememberedSends);

    public RelayUser User(string userId) => _users.GetOrAdd(userId, static id => new RelayUser(id));

    public RelayConversation Conversation(string conversationId) =>
        _conversations.TryGetValue(conversationId ?? "", out var conversation)
            ? conversation
            : throw new RpcException(new Status(StatusCode.NotFound, $"Conversation '{conversationId}' does not exist."));

    public SendAck Send(string senderId, SendRequest request)
    {
        SendRules.Check(request);
        return Conversation(request.ConversationId).Send(senderId, request, _sent);
    }

    /// <summary>The one direct conversation of two users, "d:&lt;a&gt;:&lt;b&gt;" with a &lt; b ordinally.</summary>
    public Conversation OpenDirect(string callerId, string peerId)
    {
        RelayIds.Require(peerId, "peer_id");
        if (peerId == callerId)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "peer_id must name another user."));
        }
        var (a, b) = string.CompareOrdinal(callerId, peerId) < 0 ? (callerId, peerId) : (peerId, callerId);
        var conversation = _conversations.GetOrAdd($"d:{a}:{b}", id => Create(id, ConversationKind.Direct, "", [(a, MemberRole.Member), (b, MemberRole.Member)]));
        return conversation.Describe();
    }

    public Conversation CreateGroup(string callerId, string name, IEnumerable<string> memberIds)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxGroupNameLength)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"name must be 1-{MaxGroupNameLength} characters."));
        }
        var others = memberIds.Select(id => RelayIds.Require(id, "member_ids")).Where(id => id != callerId).Distinct(StringComparer.Ordinal);
        var id = "g:" + Guid.NewGuid().ToString("N");
        var conversation = Create(id, ConversationKind.Group, name, [(callerId, MemberRole.Owner), .. others.Select(o => (o, MemberRole.Member))]);
        _conversations[id] = conversation;
        return conversation.Describe();
    }

    private RelayConversation Create(string id, ConversationKind kind, string name, IReadOnlyList<(string UserId, MemberRole Role)> members)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var shape = new Conversation { Id = id, Kind = kind, Name = name, CreatedAtMs = now };
        shape.Members.AddRange(members.Select(m => new Member { UserId = m.UserId, Role = m.Role, JoinedAtMs = now }));
        return new RelayConversation(shape, [.. members.Select(m => User(m.UserId))]);
    }
}
