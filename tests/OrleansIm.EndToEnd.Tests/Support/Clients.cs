using OrleansIm.ProcessHost;
using OrleansIm.Client;
using OrleansIm.Client.Cursors;

namespace OrleansIm.EndToEnd.Tests.Support;

internal static class Clients
{
    public static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A started SDK client for <paramref name="userId"/>'s device, with fast reconnects for tests.</summary>
    public static async Task<EventRecorder> StartAsync(NodeProcess node, string userId, string deviceId, ICursorStore? cursors = null)
    {
        var client = new ImClient(new ImClientOptions
        {
            Endpoints = [node.GrpcAddress],
            TokenProvider = new DevTokenProvider(node.GrpcAddress, userId).GetTokenAsync,
            DeviceId = deviceId,
            CursorStore = cursors ?? new InMemoryCursorStore(),
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            SendTimeout = TimeSpan.FromSeconds(120),
        });
        var recorder = new EventRecorder(client);
        await client.StartAsync();
        return recorder;
    }
}
