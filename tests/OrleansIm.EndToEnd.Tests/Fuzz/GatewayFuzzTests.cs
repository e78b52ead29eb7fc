using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using OrleansIm.ProcessHost;
using OrleansIm.Protocol.V1;
using OrleansIm.EndToEnd.Tests.Support;
using OrleansIm.Tests.Shared;
using Xunit.Abstractions;

namespace OrleansIm.EndToEnd.Tests.Fuzz;

/// <summary>
/// Hostile input against a real node process for a bounded time (ORLEANSIM_FUZZ_SECONDS, default 24 s in
/// all): random and mutated requests to every method, damaged and abandoned streams, oversized
/// frames, floods. The node must answer each with a specific status and a message, keep serving
/// an ordinary conversation meanwhile without losing any acknowledged message, and not keep the
/// garbage in memory. It prints how many inputs it tried and the seed to replay them.
/// The attacker abuses HTTP/2 itself (abandoned streams, frames after the end), which makes
/// Kestrel close its connections; .NET's HTTP/2 client then, rarely, loses a call on the closed
/// connection: it never reaches the node, or never ends, not even at its deadline. Such a call
/// is not an answer of the node. What the node is held to instead: once the attack is over, no
/// call is still running on it.
/// </summary>
public sealed class GatewayFuzzTests(ITestOutputHelper output)
{
    public const string SummaryFile = "fuzz-summary.txt";

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);

    /// <summary>How long an input may go on past its own deadline before the attacker gives up on it and moves on.</summary>
    private static readonly TimeSpan Watchdog = CallDeadline * 2;

    /// <summary>How long the node gets, after the attack, to end every call it still runs.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("ORLEANSIM_FUZZ_SECONDS"), out var seconds) && seconds > 0 ? seconds : 24);

    [Fact]
    public async Task Hostile_input_gets_clear_errors_and_an_ordinary_conversation_loses_nothing()
    {
        await using var node = new NodeProcess(settings: new Dictionary<string, string>
        {
            ["OrleansIm:Diagnostics:MemoryEndpoint"] = "true",
            // With the per-user budgets on, three quarters of the attacker's inputs would be
            // refused before validation ever saw them; the budgets have their own tests.
            ["OrleansIm:Gateway:RateLimits:Enabled"] = "false",
        });
        await node.StartAsync();
        using var alice = await DevLoginUser.LoginAsync(node.GrpcAddress, Clients.Unique("alice"));
        using var bob = await DevLoginUser.LoginAsync(node.GrpcAddress, Clients.Unique("bob"));
        using var attacker = await DevLoginUser.LoginAsync(node.GrpcAddress, Clients.Unique("mallory"));
        var conversation = await alice.Chat.OpenDirectAsync(new OpenDirectRequest { PeerId = bob.Id });
        var own = await attacker.Chat.OpenDirectAsync(new OpenDirectRequest { PeerId = alice.Id });
        var seed = Environment.TickCount;
        var fuzzer = new ProtoFuzzer(seed, [conversation.Id, own.Id, alice.Id, bob.Id, attacker.Id]);
        var tally = new StatusTally();
        using var channel = GrpcChannel.ForAddress(node.GrpcAddress, new GrpcChannelOptions { MaxSendMessageSize = null });
        var invoker = channel.CreateCallInvoker();
        var memoryBefore = await NodeHeapBytesAsync(node);

        await using var canary = new Canary(alice, bob, conversation.Id);
        canary.Start();
        var share = Budget / 4;
        await RunForAsync(share, 4, tally, () => UnaryAsync(invoker, fuzzer, attacker.Token, tally));
        var ackedAfterUnary = canary.Acked;
        // Streams on a connection of their own: abandoning many of them makes Kestrel reset that
        // connection (its rapid-reset defence), which must not be mistaken for the unary phases' answers.
        using (var streams = GrpcChannel.ForAddress(node.GrpcAddress))
        {
            var streamInvoker = streams.CreateCallInvoker();
            await RunForAsync(share, 4, tally, () => StreamAsync(streamInvoker, fuzzer, attacker.Token, tally));
        }
        var ackedAfterStreams = canary.Acked;
        await OversizedAsync(invoker, attacker.Token, tally);
        await RunForAsync(share, 16, tally, () => FloodAsync(invoker, own.Id, attacker.Token, tally));
        var ackedAfterFlood = canary.Acked;
        await RunForAsync(share, 2, tally, () => UnaryAsync(invoker, fuzzer, attacker.Token, tally));
        var lost = await canary.StopAndFindLostAsync();
        var stillRunning = await WaitForNoRunningCallsAsync(node);
        var memoryAfter = await NodeHeapBytesAsync(node);

        var summary = $"fuzz seed {seed}: {tally}{Environment.NewLine}canary: {canary.Acked} acked, {canary.Failures.Count} failed, {lost.Count} lost; node's live managed heap {memoryBefore / 1_048_576} -> {memoryAfter / 1_048_576} MB";
        output.WriteLine(summary);
        // vstest shows a passing test's output only at detailed verbosity; CI prints this file.
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, SummaryFile), summary + Environment.NewLine);
        foreach (var group in tally.Unclear.GroupBy(u => string.Join(' ', u.Split(' ').Take(6))).OrderByDescending(g => g.Count()).Take(15))
        {
            output.WriteLine($"  {group.Count()} x {group.First()}");
        }
        Assert.True(stillRunning == 0, $"seed {seed}: {stillRunning} calls still ran on the node {SettleTimeout.TotalSeconds:0} s after the attack ended");
        Assert.True(tally.Unclear.Count == 0, $"seed {seed}: {tally.Unclear.Count} unclear answers, first: {string.Join(" | ", tally.Unclear.Take(5))}");
        Assert.True(canary.Failures.Count == 0, $"the canary's sends failed: {string.Join(" | ", canary.Failures.Take(5))}");
        Assert.Empty(lost);
        Assert.True(ackedAfterUnary > 0 && ackedAfterStreams > ackedAfterUnary && ackedAfterFlood > ackedAfterStreams && canary.Acked > ackedAfterFlood,
            $"the canary stalled: {ackedAfterUnary}, {ackedAfterStreams}, {ackedAfterFlood}, {canary.Acked} acks after each phase");
        Assert.True(memoryAfter - memoryBefore < 128L * 1024 * 1024, $"the node's live managed heap grew by {(memoryAfter - memoryBefore) / 1_048_576} MB");
    }

    /// <summary>The node's live managed heap, after a full compacting collection in the node's own process.</summary>
    private static async Task<long> NodeHeapBytesAsync(NodeProcess node)
    {
        using var http = new HttpClient();
        using var report = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(node.HttpAddress, "/debug/memory")));
        return report.RootElement.GetProperty("managedHeapBytes").GetInt64();
    }

    /// <summary>
    /// Polls the node's own count of HTTP requests in progress until none but the GET asking is left:
    /// every gRPC call (a POST) the attack started has ended. Returns the calls left at the timeout.
    /// </summary>
    private static async Task<int> WaitForNoRunningCallsAsync(NodeProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.HttpAddress };
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        using var giveUp = new CancellationTokenSource(SettleTimeout);
        var running = await RunningCallsAsync(http);
        while (running > 0 && await NextPollAsync(poll, giveUp.Token))
        {
            running = await RunningCallsAsync(http);
        }
        return running;
    }

    /// <summary>False once <paramref name="giveUp"/> fires.</summary>
    private static async Task<bool> NextPollAsync(PeriodicTimer poll, CancellationToken giveUp)
    {
        try
        {
            return await poll.WaitForNextTickAsync(giveUp);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<int> RunningCallsAsync(HttpClient http)
    {
        var metrics = await http.GetStringAsync("/metrics");
        return RunningCalls(metrics) ?? throw new InvalidOperationException($"The node exports no http_server_active_requests for POST:{Environment.NewLine}{metrics}");
    }

    private static int? RunningCalls(string metrics)
    {
        var series = metrics.Split('\n')
            .Where(line => line.StartsWith("http_server_active_requests{", StringComparison.Ordinal) && line.Contains("http_request_method=\"POST\"", StringComparison.Ordinal))
            .ToList();
        return series.Count == 0 ? null : series.Sum(line => int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task RunForAsync(TimeSpan duration, int workers, StatusTally tally, Func<Task> input)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                try
                {
                    await input().WaitAsync(Watchdog);
                }
                catch (TimeoutException)
                {
                    tally.RecordLostByClient();
                }
            }
        }));
    }

    private static readonly MethodDescriptor[] UnaryMethods =
        [.. new[] { ChatService.Descriptor, RoomService.Descriptor, AuthService.Descriptor }
            .SelectMany(s => s.Methods)
            .Where(m => !m.IsClientStreaming && !m.IsServerStreaming)];

    private static async Task UnaryAsync(CallInvoker invoker, ProtoFuzzer fuzzer, string token, StatusTally tally)
    {
        var method = UnaryMethods[Random.Shared.Next(UnaryMethods.Length)];
        var (bytes, kind) = fuzzer.Next(method.InputType);
        var headers = Random.Shared.Next(20) switch
        {
            0 => new Metadata(),
            1 => RawGrpc.Auth("not-a-jwt"),
            _ => RawGrpc.Auth(token),
        };
        var name = Random.Shared.Next(50) == 0 ? method.Name + "Nope" : method.Name;
        var call = RawGrpc.Method(MethodType.Unary, method.Service.FullName, name);
        try
        {
            await invoker.AsyncUnaryCall(call, null, new CallOptions(headers, DateTime.UtcNow + CallDeadline), bytes);
            tally.Record(StatusCode.OK, "", "");
        }
        catch (RpcException e) when (StatusTally.IsAbuseReset(e))
        {
            // The shared connection was closed under it because of another stream's abuse.
            tally.RecordReset();
        }
        catch (RpcException e) when (StatusTally.IsOwnDeadline(e))
        {
            tally.RecordLostByClient();
        }
        catch (RpcException e)
        {
            tally.Record(e.StatusCode, e.Status.Detail, $"{method.Service.Name}/{name} {kind} {ProtoFuzzer.Describe(bytes)}");
        }
    }

    /// <summary>A Connect stream that says hello (or not), sends damaged frames, then ends politely or is abandoned mid-way.</summary>
    private static async Task StreamAsync(CallInvoker invoker, ProtoFuzzer fuzzer, string token, StatusTally tally)
    {
        var method = RawGrpc.Method(MethodType.DuplexStreaming, ChatService.Descriptor.FullName, "Connect");
        using var abandon = new CancellationTokenSource();
        using var call = invoker.AsyncDuplexStreamingCall(method, null, new CallOptions(RawGrpc.Auth(token), DateTime.UtcNow + CallDeadline, abandon.Token));
        var sent = new List<string>();
        // Read while writing, as a real client does: a server reply waiting for flow-control
        // window while the client blocks on its own writes would deadlock both until the deadline.
        var ended = RecordEndAsync(call, sent, abandon, tally);
        try
        {
            if (Random.Shared.Next(3) != 0)
            {
                await call.RequestStream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = "fuzz-" + Random.Shared.Next(4), Cursor = Random.Shared.Next(3) == 0 ? -1 : 0 } }.ToByteArray());
                lock (sent)
                {
                    sent.Add("hello");
                }
            }
            for (var i = Random.Shared.Next(1, 12); i > 0; i--)
            {
                var (bytes, kind) = fuzzer.Next(ClientFrame.Descriptor);
                await call.RequestStream.WriteAsync(bytes);
                lock (sent)
                {
                    sent.Add($"{kind} {ProtoFuzzer.Describe(bytes)}");
                }
            }
            if (Random.Shared.Next(8) == 0)
            {
                // Truncated: the client vanishes mid-stream; nothing to read back.
                await abandon.CancelAsync();
                await ended.ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException or HttpRequestException)
        {
            // The server ended the stream while frames were still being written: how it ended
            // is in the response, read below.
        }
        await ended;
    }

    private static async Task RecordEndAsync(AsyncDuplexStreamingCall<byte[], byte[]> call, List<string> sent, CancellationTokenSource abandoned, StatusTally tally)
    {
        await Task.Yield();
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
            tally.Record(StatusCode.OK, "", "");
        }
        catch (Exception e) when (StatusTally.IsAbuseReset(e))
        {
            tally.RecordReset();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && abandoned.IsCancellationRequested)
        {
            // Abandoned by this client.
        }
        catch (RpcException e) when (StatusTally.IsOwnDeadline(e))
        {
            tally.RecordLostByClient();
        }
        catch (RpcException e)
        {
            lock (sent)
            {
                tally.Record(e.StatusCode, e.Status.Detail, $"Connect after {string.Join("; ", sent)}");
            }
        }
    }

    private static async Task OversizedAsync(CallInvoker invoker, string token, StatusTally tally)
    {
        var request = new HistoryRequest { ConversationId = new string('x', 300 * 1024) };
        var call = RawGrpc.Method(MethodType.Unary, ChatService.Descriptor.FullName, "GetHistory");
        var error = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(call, null, new CallOptions(RawGrpc.Auth(token), DateTime.UtcNow + CallDeadline), request.ToByteArray()).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        tally.Record(error.StatusCode, error.Status.Detail, "a 300 KB request");
    }

    /// <summary>As fast as the workers can: valid queries from one user, to see that a flood is refused or served, never fatal.</summary>
    private static async Task FloodAsync(CallInvoker invoker, string conversationId, string token, StatusTally tally)
    {
        var call = RawGrpc.Method(MethodType.Unary, ChatService.Descriptor.FullName, "GetConversation");
        try
        {
            await invoker.AsyncUnaryCall(call, null, new CallOptions(RawGrpc.Auth(token), DateTime.UtcNow + CallDeadline), new GetConversationRequest { ConversationId = conversationId }.ToByteArray());
            tally.Record(StatusCode.OK, "", "");
        }
        catch (RpcException e)
        {
            tally.Record(e.StatusCode, e.Status.Detail, "flood of GetConversation");
        }
    }
}
