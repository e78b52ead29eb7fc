using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>
/// One raw Connect stream. A background reader records every server frame; tests wait for the
/// frames they expect with a timeout instead of sleeping.
/// </summary>
public sealed class TestStream : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly AsyncDuplexStreamingCall<ClientFrame, ServerFrame> _call;
    private readonly List<ServerFrame> _frames = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _reader;
    private readonly CancellationTokenSource _stop = new();

    private TestStream(AsyncDuplexStreamingCall<ClientFrame, ServerFrame> call)
    {
        _call = call;
        _reader = ReadAsync();
    }

    public Welcome Welcome { get; private set; } = null!;

    /// <summary>How the stream ended, once it has (null while open).</summary>
    public Status? EndStatus { get; private set; }

    public static async Task<TestStream> OpenAsync(ChatService.ChatServiceClient client, string deviceId, long cursor)
    {
        var stream = new TestStream(client.Connect());
        await stream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = deviceId, Cursor = cursor } });
        var welcome = await stream.WaitForAsync(f => f.KindCase == ServerFrame.KindOneofCase.Welcome);
        stream.Welcome = welcome.Welcome;
        return stream;
    }

    public Task WriteAsync(ClientFrame frame) => _call.RequestStream.WriteAsync(frame);

    public IReadOnlyList<ServerFrame> Frames
    {
        get { lock (_frames) { return [.. _frames]; } }
    }

    /// <summary>
    /// Pushed events in sync seq order. Pushes may arrive out of order (Orleans does not order
    /// one-way calls); a client orders them by sync seq, and so does this view. Duplicates stay.
    /// </summary>
    public IReadOnlyList<SyncEvent> Events => Frames.Where(f => f.KindCase == ServerFrame.KindOneofCase.Event).Select(f => f.Event).OrderBy(e => e.SyncSeq).ToList();

    public IReadOnlyList<Message> Messages => Events.Where(e => e.KindCase == SyncEvent.KindOneofCase.Message).Select(e => e.Message).ToList();

    public async Task<ServerFrame> WaitForAsync(Func<ServerFrame, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            var match = Frames.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }
            if (EndStatus is { } status)
            {
                // The reader adds the stream's last frames before it records the end, possibly
                // between the look above and this one: look once more before giving up.
                match = Frames.FirstOrDefault(predicate);
                if (match is not null)
                {
                    return match;
                }
                throw new InvalidOperationException($"The stream ended ({status.StatusCode}: {status.Detail}) before the expected frame arrived.");
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"No matching frame within {(timeout ?? Timeout).TotalSeconds}s; got {Frames.Count} frames: {string.Join(", ", Frames.Select(f => f.KindCase))}.");
            }
        }
    }

    public async Task WaitUntilAsync(Func<TestStream, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                if (condition(this))
                {
                    return;
                }
                throw new TimeoutException($"Condition not met within {(timeout ?? Timeout).TotalSeconds}s; got {Frames.Count} frames: {string.Join(", ", Frames.Select(f => f.KindCase))}.");
            }
        }
    }

    public async Task<SendResult> SendTextAsync(string conversationId, string text, string? clientMessageId = null)
    {
        var id = clientMessageId ?? Guid.NewGuid().ToString("N");
        var before = Frames.Count(f => f.SendResult?.ClientMessageId == id);
        await WriteAsync(new ClientFrame
        {
            Send = new SendRequest { ConversationId = conversationId, ClientMessageId = id, Body = new MessageBody { Text = new TextBody { Text = text } } },
        });
        await WaitUntilAsync(s => s.Frames.Count(f => f.SendResult?.ClientMessageId == id) > before);
        return Frames.Where(f => f.SendResult?.ClientMessageId == id).Last().SendResult;
    }

    /// <summary>Ends the stream from the client side the way a closing app would.</summary>
    public async Task CloseAsync()
    {
        await _call.RequestStream.CompleteAsync();
        await _reader.WaitAsync(Timeout);
    }

    /// <summary>Waits until the server ends the stream and returns how.</summary>
    public async Task<Status> WaitForEndAsync()
    {
        await _reader.WaitAsync(Timeout);
        return EndStatus!.Value;
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var frame in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                lock (_frames)
                {
                    _frames.Add(frame);
                }
                _arrived.Release();
            }
            EndStatus = Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            EndStatus = ex.Status;
        }
        catch (OperationCanceledException)
        {
            EndStatus = new Status(StatusCode.Cancelled, "cancelled by the test");
        }
        _arrived.Release();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _call.Dispose();
        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
