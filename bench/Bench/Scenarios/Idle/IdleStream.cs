using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Scenarios.Idle;

/// <summary>
/// One Connect stream held open and idle, through the raw generated client (the SDK's own
/// buffers and tasks would be client-side cost that has nothing to do with the server's).
/// It behaves as an idle app does: after Welcome it only pings at the interval the server
/// advertised, so the server's idle timeout cannot close it in a long run. One pending read
/// per stream takes the pongs and notices if the server closes the stream anyway.
/// </summary>
internal sealed class IdleStream : IAsyncDisposable
{
    private static readonly TimeSpan WelcomeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly AsyncDuplexStreamingCall<ClientFrame, ServerFrame> _call;
    private readonly CancellationTokenSource _stopHeartbeat = new();
    private Task _reading = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;

    private IdleStream(AsyncDuplexStreamingCall<ClientFrame, ServerFrame> call) => _call = call;

    /// <summary>False once the server ended the stream (error, idle timeout, GoAway).</summary>
    public bool IsOpen => !_reading.IsCompleted;

    /// <summary>Returns once the server's Welcome has arrived, so the stream is fully set up on the server.</summary>
    public static async Task<IdleStream> OpenAsync(ChatService.ChatServiceClient client, Metadata headers, string deviceId, CancellationToken cancellationToken)
    {
        // The call itself gets no token: it must outlive this method; DisposeAsync ends it.
        var stream = new IdleStream(client.Connect(headers));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(WelcomeTimeout);
            await stream._call.RequestStream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = deviceId } }, timeout.Token);
            if (!await stream._call.ResponseStream.MoveNext(timeout.Token))
            {
                throw new InvalidOperationException($"The server ended the stream before welcome: {stream._call.GetStatus()}.");
            }
            if (stream._call.ResponseStream.Current.KindCase != ServerFrame.KindOneofCase.Welcome)
            {
                throw new InvalidOperationException($"The server answered hello with {stream._call.ResponseStream.Current.KindCase}, not welcome.");
            }
            var heartbeat = TimeSpan.FromMilliseconds(stream._call.ResponseStream.Current.Welcome.HeartbeatIntervalMs);
            stream._reading = stream.ReadUntilClosedAsync();
            stream._heartbeat = heartbeat > TimeSpan.Zero ? stream.PingAsync(heartbeat) : Task.CompletedTask;
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Half-closes as a client leaving does, waits for the server to end the call, then releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopHeartbeat.Cancel();
        await _heartbeat;
        try
        {
            await _call.RequestStream.CompleteAsync();
            await _reading.WaitAsync(CloseTimeout);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or TimeoutException)
        {
            // Already ended by the server, or slow to end: disposing the call below cancels it.
        }
        _call.Dispose();
        _stopHeartbeat.Dispose();
    }

    private async Task ReadUntilClosedAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(CancellationToken.None))
            {
                // Pongs, or pushes an idle user does not get; nothing to do with them.
            }
        }
        catch (RpcException)
        {
            // Closed with an error or cancelled on dispose: either way no longer open.
        }
    }

    private async Task PingAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        long nonce = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopHeartbeat.Token))
            {
                await _call.RequestStream.WriteAsync(new ClientFrame { Ping = new Ping { Nonce = ++nonce } }, _stopHeartbeat.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException or InvalidOperationException)
        {
            // Stopped on dispose, or the stream ended (the read loop records that).
        }
    }
}
