using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Rooms;

/// <summary>
/// One raw Watch call. Reading starts only when the test says so, so a test can play a viewer
/// that stops reading; waits are on conditions over what arrived, with a timeout.
/// </summary>
public sealed class RoomWatch(AsyncServerStreamingCall<RoomFrame> call) : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<RoomFrame> _frames = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private Task? _reader;

    public RoomJoined Joined { get; private set; } = null!;

    public Status? EndStatus { get; private set; }

    public IReadOnlyList<RoomFrame> Frames
    {
        get { lock (_frames) { return [.. _frames]; } }
    }

    /// <summary>What was posted, in arrival order (viewer arrival/departure announcements left out).</summary>
    public IReadOnlyList<RoomMessage> Messages => [.. AllMessages.Where(m => m.Kind == RoomMessageKind.Post)];

    /// <summary>JOINED and LEFT announcements, in arrival order.</summary>
    public IReadOnlyList<RoomMessage> Announcements => [.. AllMessages.Where(m => m.Kind != RoomMessageKind.Post)];

    private IEnumerable<RoomMessage> AllMessages => Frames.Where(f => f.Batch is not null).SelectMany(f => f.Batch.Messages);

    public async Task ReadJoinedAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        if (!await call.ResponseStream.MoveNext(timeout.Token) || call.ResponseStream.Current.KindCase != RoomFrame.KindOneofCase.Joined)
        {
            throw new InvalidOperationException("The watch did not start with a joined frame.");
        }
        Joined = call.ResponseStream.Current.Joined;
    }

    public void StartReading() => _reader ??= ReadAsync();

    public async Task WaitUntilAsync(Func<RoomWatch, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (EndStatus is not null && !condition(this))
            {
                throw new InvalidOperationException($"The watch ended ({EndStatus}) before {what}.");
            }
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"Timed out waiting until {what}; got {Frames.Count} frames.");
            }
        }
    }

    /// <summary>Waits for the watch to end and returns how.</summary>
    public async Task<Status> WaitForEndAsync()
    {
        StartReading();
        await WaitUntilAsync(w => w.EndStatus is not null, "the watch ended");
        return EndStatus!.Value;
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                lock (_frames)
                {
                    _frames.Add(call.ResponseStream.Current);
                }
                _arrived.Release();
            }
            EndStatus = Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            EndStatus = e.Status;
        }
        catch (ObjectDisposedException)
        {
            // Disposed between two reads: the test ended the watch itself.
            EndStatus = new Status(StatusCode.Cancelled, "the watch was disposed");
        }
        _arrived.Release();
    }

    public async ValueTask DisposeAsync()
    {
        call.Dispose();
        if (_reader is not null)
        {
            await _reader;
        }
    }
}
