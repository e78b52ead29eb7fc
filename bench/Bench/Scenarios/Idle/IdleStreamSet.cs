using Grpc.Net.Client;
using OrleansIm.Bench.Core;
using OrleansIm.Bench.Load;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Scenarios.Idle;

/// <summary>One idle stream per user, spread round-robin over a fixed number of HTTP/2 channels.</summary>
internal sealed class IdleStreamSet : IAsyncDisposable
{
    private const string DeviceId = "idle-bench";

    private readonly GrpcChannel[] _channels;
    private readonly IdleStream?[] _streams;

    public IdleStreamSet(Uri endpoint, int streams, int channels)
    {
        _channels = [.. Enumerable.Range(0, channels).Select(_ => Channels.Create(endpoint))];
        _streams = new IdleStream?[streams];
    }

    public int Count => _streams.Length;

    public int OpenCount => _streams.Count(s => s is { IsOpen: true });

    /// <summary>Completes when every stream has its Welcome; stream i belongs to user i.</summary>
    public Task OpenAsync(IdleUsers users, string? progress, BenchContext context, CancellationToken cancellationToken) =>
        BoundedWork.ForEachAsync(Count, progress, context, async (i, ct) =>
        {
            var client = new ChatService.ChatServiceClient(_channels[i % _channels.Length]);
            _streams[i] = await IdleStream.OpenAsync(client, users.Headers(i), DeviceId, ct);
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_streams.OfType<IdleStream>().Select(s => s.DisposeAsync().AsTask()));
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
