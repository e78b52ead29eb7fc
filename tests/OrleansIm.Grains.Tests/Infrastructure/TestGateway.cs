using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>One pretend gateway: the recording observer and the reference user grains push to.</summary>
public sealed class TestGateway(RecordingObserver observer, IGatewayObserver reference)
{
    public RecordingObserver Observer { get; } = observer;

    /// <summary>Keeps the observer reachable: the client holds object references weakly.</summary>
    public IGatewayObserver Reference { get; } = reference;

    public Task<ConnectOutcome> ConnectAsync(IUserGrain user, string deviceId, string? connectionId = null) =>
        user.Connect(deviceId, connectionId ?? "conn-" + Guid.NewGuid().ToString("N"), Reference);
}
