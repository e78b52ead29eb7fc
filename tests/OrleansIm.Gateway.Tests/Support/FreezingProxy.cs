using System.Net;
using System.Net.Sockets;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>
/// A loopback TCP proxy in front of the gateway that can freeze: it then forwards nothing in
/// either direction, on open and new connections alike, yet keeps every socket open. To the
/// gateway the client looks like a device that lost its network without closing anything.
/// </summary>
public sealed class FreezingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly TaskCompletionSource _frozenForever = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private volatile bool _frozen;
    private long _forwardedChunks;

    public FreezingProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Chunks passed on so far, both ways; a test can wait for traffic (heartbeats) to flow.</summary>
    public long ForwardedChunks => Interlocked.Read(ref _forwardedChunks);

    public void Freeze() => _frozen = true;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(_target, _stop.Token);
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                }
                _ = PumpAsync(client.GetStream(), server.GetStream());
                _ = PumpAsync(server.GetStream(), client.GetStream());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    to.Socket.Shutdown(SocketShutdown.Send);
                    return;
                }
                if (_frozen)
                {
                    // Hold what was read and never pass it on; the sockets stay open.
                    await _frozenForever.Task.WaitAsync(_stop.Token);
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                Interlocked.Increment(ref _forwardedChunks);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Disposed, or a side closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }
    }
}
