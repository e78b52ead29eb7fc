using Microsoft.Extensions.Options;
using OrleansIm.Gateway.Mapping;
using OrleansIm.Gateway.Options;
using OrleansIm.Gateway.Telemetry;
using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Connections;

/// <summary>Receives pushes from user grains for this whole gateway and fans them out to the user's local streams.</summary>
internal sealed class GatewayObserver(ConnectionRegistry registry, IOptions<GatewayOptions> options, LargeGroups.ConversationWindows windows, LargeGroups.HintSpreader spreader) : IGatewayObserver
{
    public Task PushEvents(string userId, SyncEventRecord[] events)
    {
        using var span = GatewayTracing.StartDeliver(userId, events.Length);
        var frames = events.Select(e => new ServerFrame { Event = ProtoMapper.ToProto(e) }).ToArray();
        var connections = registry.ForUser(userId);
        span?.SetTag("im.streams", connections.Length);
        // Measured once for all the user's devices.
        var sizes = Array.ConvertAll(frames, f => f.CalculateSize());
        var pushed = 0;
        foreach (var connection in connections)
        {
            for (var i = 0; i < frames.Length; i++)
            {
                if (!connection.TryPush(frames[i], sizes[i]))
                {
                    break;
                }
                pushed++;
            }
        }
        GatewayMetrics.Delivered(pushed);
        if (connections.Length > 0 && GatewayMetrics.DeliveryLatencyRecorded)
        {
            RecordDeliveryLatency(events);
        }
        return Task.CompletedTask;
    }

    private static void RecordDeliveryLatency(SyncEventRecord[] events)
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var e in events)
        {
            if (e.Kind == SyncEventKind.Message && e.Message is { } message)
            {
                GatewayMetrics.MessageReached(message.SentAtMs, nowMs);
            }
        }
    }

    public Task PushTyping(string userId, TypingSignal signal) =>
        Broadcast(userId, new ServerFrame { Typing = ProtoMapper.ToProto(signal) });

    public Task PushPresence(string userId, PresenceSignal signal) =>
        Broadcast(userId, new ServerFrame { Presence = ProtoMapper.ToProto(signal) });

    /// <summary>One call per large-group hint window for this whole gateway; one frame, shared by every local stream it names.</summary>
    public Task PushConversationWindow(Grains.Interfaces.Conversations.ConversationWindow window, string[] userIds)
    {
        // Kept before the hint goes out: the members' pulls follow the hint at once.
        windows.Remember(window, userIds);
        return PushConversationAdvanced(window.Hint, userIds);
    }

    public Task PushConversationAdvanced(Grains.Interfaces.Conversations.ConversationAdvanced hint, string[] userIds)
    {
        var frame = new ServerFrame { Advanced = ProtoMapper.ToProto(hint) };
        var bytes = frame.CalculateSize();
        // Looked up when each member's turn comes, so a stream that connected meanwhile is told too.
        spreader.Spread(userIds, userId =>
        {
            foreach (var connection in registry.ForUser(userId))
            {
                connection.TryPush(frame, bytes);
            }
        });
        return Task.CompletedTask;
    }

    public Task Replaced(string userId, string deviceId, string connectionId)
    {
        registry.Find(userId, connectionId)?.GoAway("replaced by a newer stream of the same device", options.Value.DrainReconnectDelay);
        return Task.CompletedTask;
    }

    public Task Closed(string userId, string deviceId, string connectionId, string reason)
    {
        // The client's reconnect is refused at hello while the reason holds (a ban), which tells it
        // to stop; the delay only spaces that one attempt.
        registry.Find(userId, connectionId)?.GoAway(reason, options.Value.DrainReconnectDelay);
        return Task.CompletedTask;
    }

    private Task Broadcast(string userId, ServerFrame frame)
    {
        var bytes = frame.CalculateSize();
        foreach (var connection in registry.ForUser(userId))
        {
            connection.TryPush(frame, bytes);
        }
        return Task.CompletedTask;
    }
}
