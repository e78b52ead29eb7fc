using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Sending;

/// <summary>A send the server has not answered yet, kept so it can be resent unchanged after a reconnect.</summary>
internal sealed class PendingSend(SendRequest request)
{
    private readonly TaskCompletionSource<SendAck> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SendRequest Request { get; } = request;

    public string ClientMessageId => Request.ClientMessageId;

    public Task<SendAck> Completion => _completion.Task;

    public ClientFrame ToFrame() => new() { Send = Request };

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);
    private int _retries;

    /// <summary>Backoff before resending after a transient refusal: 100 ms, doubling, at most 2 s.</summary>
    public TimeSpan NextRetryDelay()
    {
        var retries = Interlocked.Increment(ref _retries);
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(retries - 1, 5));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    public bool TryComplete(SendAck ack) => _completion.TrySetResult(ack);

    public bool TryFail(Exception exception) => _completion.TrySetException(exception);
}
