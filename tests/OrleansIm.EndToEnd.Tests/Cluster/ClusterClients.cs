using OrleansIm.Client;
using OrleansIm.Client.Cursors;
using OrleansIm.EndToEnd.Tests.Support;

namespace OrleansIm.EndToEnd.Tests.Cluster;

internal static class ClusterClients
{
    /// <summary>
    /// An SDK client that prefers <paramref name="endpoints"/>[0] and fails over to the rest, as
    /// an app given the list of its gateways does. Tokens come from <paramref name="login"/>.
    /// </summary>
    public static async Task<EventRecorder> StartAsync(IReadOnlyList<Uri> endpoints, Uri login, string userId)
    {
        var client = new ImClient(new ImClientOptions
        {
            Endpoints = [.. endpoints],
            TokenProvider = new DevTokenProvider(login, userId).GetTokenAsync,
            DeviceId = "phone",
            CursorStore = new InMemoryCursorStore(),
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            RequestTimeout = TimeSpan.FromSeconds(30),
            SendTimeout = TimeSpan.FromSeconds(120),
        });
        var recorder = new EventRecorder(client);
        await client.StartAsync();
        return recorder;
    }
}
