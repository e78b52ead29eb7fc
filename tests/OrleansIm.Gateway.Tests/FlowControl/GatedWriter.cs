using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>A response stream whose "network" the test opens and closes; closed, writes wait as on a full HTTP/2 window.</summary>
internal sealed class GatedWriter : IServerStreamWriter<ServerFrame>
{
    private readonly List<ServerFrame> _written = [];
    private readonly SemaphoreSlim _changed = new(0);
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WriteOptions? WriteOptions { get; set; }

    public void Open() => _open.TrySetResult();

    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task WriteAsync(ServerFrame message)
    {
        await _open.Task;
        lock (_written)
        {
            _written.Add(message);
        }
        _changed.Release();
    }

    public Task WriteAsync(ServerFrame message, CancellationToken cancellationToken) => WriteAsync(message).WaitAsync(cancellationToken);

    public bool Has(Func<ServerFrame, bool> predicate)
    {
        lock (_written)
        {
            return _written.Any(predicate);
        }
    }

    public Task WaitForAsync(Func<ServerFrame, bool> predicate) => WaitAsync(() => { lock (_written) { return _written.Any(predicate); } });

    private async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Support.TestStream.Timeout;
        while (!condition())
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _changed.WaitAsync(left))
            {
                Assert.True(condition(), "the condition was not met in time");
                return;
            }
        }
    }
}
