using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Grains.Users;

/// <summary>
/// Where one device's live stream is: which gateway holds it (<see cref="Gateway"/>, the reference
/// other grains are given), under which connection id, and what this grain calls to push to it
/// (<see cref="Receiver"/>: the gateway's own object when it is co-hosted in this silo, else the
/// same reference).
/// </summary>
internal sealed record DeviceConnection(string ConnectionId, IGatewayObserver Gateway, IGatewayObserver Receiver, DateTimeOffset RefreshedAt);
