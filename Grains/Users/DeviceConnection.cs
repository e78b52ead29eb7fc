using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Grains.Users;

/// <summary>Where one device's live stream is: which gateway holds it, under which connection id.</summary>
internal sealed record DeviceConnection(string ConnectionId, IGatewayObserver Gateway, DateTimeOffset RefreshedAt);
