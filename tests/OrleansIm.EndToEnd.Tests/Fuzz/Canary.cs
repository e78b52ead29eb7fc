using Grpc.Core;
using OrleansIm.Protocol.V1;
using OrleansIm.Tests.Shared;

namespace OrleansIm.EndToEnd.Tests.Fuzz;

/// <summary>
/// An ordinary conversation kept going while the fuzz suite attacks the same node: alice sends to
/// bob at a modest pace, and every send she got an ack for must end up in bob's history.
/// </summary>
internal sealed class Canary(DevLoginUser alice, DevLoginUser bob, string conversationId) : IAsyncDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(200);

    private readonly List<long> _acked = [];
    private readonly List<string> _failures = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public int Acked { get { lock (_acked) { return _acked.Count; } } }

    public IReadOnlyList<string> Failures { get { lock (_acked) { return [.. _failures]; } } }

    public void Start() => _loop = RunAsync();

    /// <summary>Stops sending, then lists the acked seqs bob's history does not have.</summary>
    public async Task<IReadOnlyList<long>> StopAndFindLostAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var stored = new HashSet<long>();
        var after = 0L;
        while (true)
        {
            var page = await bob.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversationId, Direction = Direction.Forward, AnchorSeq = after, Limit = 200 });
            stored.UnionWith(page.Messages.Select(m => m.Seq));
            if (!page.HasMore || page.Messages.Count == 0)
            {
                break;
            }
            after = page.Messages[^1].Seq;
        }
        lock (_acked)
        {
            return _acked.Where(seq => !stored.Contains(seq)).ToList();
        }
    }

    private async Task RunAsync()
    {
        // A steady trickle, well inside any per-user rate limit: this measures service, not load.
        using var pace = new PeriodicTimer(Pace);
        try
        {
            while (await pace.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    var ack = await alice.SendTextAsync(conversationId, $"canary {Acked}");
                    lock (_acked)
                    {
                        _acked.Add(ack.Seq);
                    }
                }
                catch (RpcException e)
                {
                    lock (_acked)
                    {
                        _failures.Add($"{e.StatusCode}: {e.Status.Detail}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
