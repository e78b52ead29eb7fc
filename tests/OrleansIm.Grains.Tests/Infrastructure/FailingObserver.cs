using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>A gateway object that throws on every call, as a broken co-hosted gateway would; counts the calls it refused.</summary>
public sealed class FailingObserver : IGatewayObserver
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task PushEvents(string userId, SyncEventRecord[] events) => Fail();

    public Task PushTyping(string userId, TypingSignal signal) => Fail();

    public Task PushPresence(string userId, PresenceSignal signal) => Fail();

    public Task PushConversationAdvanced(ConversationAdvanced hint, string[] userIds) => Fail();

    public Task PushConversationWindow(ConversationWindow window, string[] userIds) => Fail();

    public Task Replaced(string userId, string deviceId, string connectionId) => Fail();

    public Task Closed(string userId, string deviceId, string connectionId, string reason) => Fail();

    private Task Fail()
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException("This gateway is broken.");
    }
}
