using Grpc.Net.Client;
using OrleansIm.Bench.Core;
using OrleansIm.Client;
using OrleansIm.Client.Cursors;
using OrleansIm.Client.Events;

namespace OrleansIm.Bench.Load;

/// <summary>
/// Many simulated users, one SDK client each, sharing a fixed number of HTTP/2 connections
/// (or one each). Every event a client yields is handed to one callback with its user id.
/// </summary>
public sealed class ClientFleet : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels;
    private readonly Dictionary<string, ImClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImClientOptions> _options = new(StringComparer.Ordinal);
    private Action<string, ImEvent> _onEvent = (_, _) => { };
    private readonly List<Task> _pumps = [];
    private readonly CancellationTokenSource _stop = new();

    private ClientFleet(List<GrpcChannel> channels) => _channels = channels;

    public IReadOnlyDictionary<string, ImClient> Clients => _clients;

    public ImClient this[string userId]
    {
        get { lock (_clients) { return _clients[userId]; } }
    }

    /// <param name="connections">HTTP/2 connections to share; 0 = one per client.</param>
    public static async Task<ClientFleet> StartAsync(
        ITarget target, IReadOnlyList<string> userIds, int connections, Action<string, ImEvent> onEvent, BenchContext context, CancellationToken cancellationToken)
    {
        var channelCount = connections <= 0 ? userIds.Count : Math.Min(connections, userIds.Count);
        var channels = Enumerable.Range(0, channelCount).Select(i => Channels.Create(target.GrpcEndpoints[i % target.GrpcEndpoints.Count])).ToList();
        var fleet = new ClientFleet(channels) { _onEvent = onEvent };
        var started = 0;
        await Parallel.ForEachAsync(userIds.Select((id, index) => (id, index)), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (user, ct) =>
        {
            var channelIndex = user.index % channels.Count;
            var channel = channels[channelIndex];
            var endpoint = target.GrpcEndpoints[channelIndex % target.GrpcEndpoints.Count];
            // Logged in over the shared channel: thousands of users must not mean thousands of channels.
            var login = await new Protocol.V1.AuthService.AuthServiceClient(channel).DevLoginAsync(new Protocol.V1.DevLoginRequest { UserId = user.id }, cancellationToken: ct);
            var token = login.AccessToken;
            var clientOptions = new ImClientOptions
            {
                Endpoints = [endpoint],
                TokenProvider = ImClientOptions.FixedToken(token),
                DeviceId = "bench",
                ChannelFactory = _ => channel,
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(200),
                ReconnectMaxDelay = TimeSpan.FromSeconds(2),
                SendTimeout = TimeSpan.FromMinutes(2),
                MaxPendingSends = 100_000,
                // Kept with the options, so a reconnect resumes from where this device was.
                CursorStore = new InMemoryCursorStore(),
            };
            lock (fleet._clients)
            {
                fleet._options[user.id] = clientOptions;
            }
            await fleet.ConnectAsync(user.id, ct);
            var n = Interlocked.Increment(ref started);
            if (n % 500 == 0)
            {
                context.Log($"{n}/{userIds.Count} clients connected");
            }
        });
        return fleet;
    }

    /// <summary>Starts (again) the user's client on its shared connection, with the cursor it had.</summary>
    public async Task ConnectAsync(string userId, CancellationToken cancellationToken)
    {
        ImClientOptions options;
        lock (_clients)
        {
            options = _options[userId];
        }
        var client = new ImClient(options);
        await client.StartAsync(cancellationToken);
        lock (_clients)
        {
            _clients[userId] = client;
            _pumps.Add(Pump(userId, client, _onEvent, _stop.Token));
        }
    }

    private static async Task Pump(string userId, ImClient client, Action<string, ImEvent> onEvent, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in client.ReadEventsAsync(cancellationToken))
            {
                onEvent(userId, e);
            }
        }
        catch (OperationCanceledException)
        {
            // The fleet is shutting down.
        }
    }

    /// <summary>Disposes one client (as an app that quits would), keeping the shared connections.</summary>
    public async Task DisconnectAsync(string userId)
    {
        ImClient client;
        lock (_clients)
        {
            client = _clients[userId];
            _clients.Remove(userId);
        }
        await client.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_clients.Values.Select(c => c.DisposeAsync().AsTask()));
        await Task.WhenAll(_pumps).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
