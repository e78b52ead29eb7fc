using OrleansIm.Client;
using OrleansIm.Client.Events;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>Reads an SDK client's events until a wanted one arrives, with a timeout instead of a sleep.</summary>
internal static class SdkEvents
{
    public static async Task<T> NextAsync<T>(this ImClient client, Func<T, bool> match)
        where T : ImEvent
    {
        using var patience = new CancellationTokenSource(Support.TestStream.Timeout);
        while (true)
        {
            if (await client.Events.ReadAsync(patience.Token) is T wanted && match(wanted))
            {
                return wanted;
            }
        }
    }

    /// <summary>An SDK client of <paramref name="userId"/> on <paramref name="endpoint"/>, logged in through the node's development login.</summary>
    public static async Task<ImClient> StartAsync(Support.TestNode node, string userId, Uri? endpoint = null, string deviceId = "phone")
    {
        var login = await ImClient.DevLoginAsync(node.GrpcAddress, userId);
        var client = new ImClient(new ImClientOptions
        {
            Endpoints = [endpoint ?? node.GrpcAddress],
            TokenProvider = ImClientOptions.FixedToken(login.AccessToken),
            DeviceId = deviceId,
        });
        await client.StartAsync().WaitAsync(Support.TestStream.Timeout);
        return client;
    }
}
