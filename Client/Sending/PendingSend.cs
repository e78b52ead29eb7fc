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

    public bool TryComplete(SendAck ack) => _completion.TrySetResult(ack);

    public bool TryFail(Exception exception) => _completion.TrySetException(exception);
}
