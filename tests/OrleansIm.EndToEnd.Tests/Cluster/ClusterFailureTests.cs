using System.Collections.Concurrent;
using OrleansIm.Client;
using OrleansIm.EndToEnd.Tests.Support;
using OrleansIm.Protocol.V1;
using Xunit.Abstractions;

namespace OrleansIm.EndToEnd.Tests.Cluster;

/// <summary>
/// Three silos and two standalone gateways on PostgreSQL, each its own process. Clients talk
/// through both gateways while one silo and one gateway are killed with SIGKILL (a crash) or
/// stopped with SIGTERM (a drain); afterwards every acknowledged message is checked against
/// what each member received and against history.
/// </summary>
public sealed class ClusterFailureTests(ITestOutputHelper output)
{
    private const int Users = 16;
    private const int SendsPerUser = 30;
    private const int KillAfterAcks = Users * SendsPerUser / 3;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Losing_a_silo_and_a_gateway_mid_run_loses_nothing_acknowledged_and_duplicates_nothing(bool kill)
    {
        // Gateways re-register their streams every 3 s, so users whose grains died with the silo
        // get live pushes again soon; the SDK pulls whatever was missed in between.
        await using var cluster = await LocalCluster.StartAsync(silos: 3, gateways: 2,
            siloSettings: new Dictionary<string, string> { ["OrleansIm:Diagnostics:MemoryEndpoint"] = "true" },
            gatewaySettings: new Dictionary<string, string> { ["OrleansIm:Gateway:RefreshInterval"] = "00:00:03" });
        try
        {
            await RunAsync(cluster, kill);
        }
        catch
        {
            output.WriteLine(cluster.Outputs());
            throw;
        }
    }

    private async Task RunAsync(LocalCluster cluster, bool kill)
    {
        var gateways = cluster.Gateways.Select(g => g.GrpcAddress).ToArray();
        // Tokens from the gateway that survives; every user prefers the gateway of its parity, so
        // the two sides of each direct conversation sit on different gateways.
        var login = gateways[1];
        var ids = Enumerable.Range(0, Users).Select(i => Clients.Unique($"u{i}")).ToArray();
        var users = new EventRecorder[Users];
        for (var i = 0; i < Users; i++)
        {
            users[i] = await ClusterClients.StartAsync([gateways[i % 2], gateways[(i + 1) % 2]], login, ids[i]);
        }
        try
        {
            var conversations = await OpenConversationsAsync(users, ids);
            var acks = new ConcurrentDictionary<string, ConcurrentBag<SendAck>>();
            var acked = 0;
            var killed = new TaskCompletionSource();
            var senders = Enumerable.Range(0, Users).Select(i => Task.Run(async () =>
            {
                for (var n = 0; n < SendsPerUser; n++)
                {
                    var conversation = conversations[i][n % conversations[i].Count];
                    var ack = await users[i].Client.SendTextAsync(conversation, $"{ids[i]} #{n}", $"{ids[i]}-{n}");
                    acks.GetOrAdd(conversation, _ => []).Add(ack);
                    if (Interlocked.Increment(ref acked) == KillAfterAcks)
                    {
                        killed.TrySetResult();
                    }
                }
            })).ToList();

            await killed.Task.WaitAsync(TimeSpan.FromMinutes(2));
            // Placement decides where grains live; kill the silo holding the most, so the test
            // always takes grains away mid-run.
            var activations = await Task.WhenAll(cluster.Silos.Select(ActivationCountAsync));
            var victim = Array.IndexOf(activations, activations.Max());
            await (kill
                ? Task.WhenAll(cluster.Silos[victim].KillAsync(), cluster.Gateways[0].KillAsync())
                : Task.WhenAll(cluster.Silos[victim].StopAsync(), cluster.Gateways[0].StopAsync()));
            output.WriteLine($"activations per silo: {string.Join(", ", activations)}; {(kill ? "killed" : "stopped")} silo {victim} and gateway 0 after {Volatile.Read(ref acked)} acks");
            Assert.True(activations[victim] > 0);
            await Task.WhenAll(senders).WaitAsync(TimeSpan.FromMinutes(4));

            var report = await VerifyAsync(users, ids, conversations, acks);
            output.WriteLine(report.ToString());
            Assert.Equal(Users * SendsPerUser, report.Acked);
            Assert.Equal(0, report.MissingFromHistory);
            Assert.Equal(0, report.MissingAtMembers);
            Assert.Equal(0, report.DuplicatedAtMembers);
            Assert.Equal(0, report.OutOfOrderAtMembers);
            Assert.Equal(0, report.HistoryGaps);
        }
        finally
        {
            foreach (var user in users)
            {
                await user.DisposeAsync();
            }
        }
    }

    private static async Task<int> ActivationCountAsync(OrleansIm.ProcessHost.NodeProcess silo)
    {
        using var http = new HttpClient();
        using var report = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(silo.HttpAddress, "/debug/memory")));
        return report.RootElement.GetProperty("activationCount").GetInt32();
    }

    /// <summary>Each user's conversations: a direct one with its pair, and the group of its half.</summary>
    private static async Task<List<string>[]> OpenConversationsAsync(EventRecorder[] users, string[] ids)
    {
        var conversations = Enumerable.Range(0, Users).Select(_ => new List<string>()).ToArray();
        for (var i = 0; i < Users; i += 2)
        {
            var direct = await users[i].Client.OpenDirectAsync(ids[i + 1]);
            conversations[i].Add(direct.Id);
            conversations[i + 1].Add(direct.Id);
        }
        for (var half = 0; half < 2; half++)
        {
            var members = Enumerable.Range(half * Users / 2, Users / 2).ToArray();
            var group = await users[members[0]].Client.CreateGroupAsync($"group {half}", members.Skip(1).Select(m => ids[m]).ToList());
            foreach (var m in members)
            {
                conversations[m].Add(group.Id);
            }
        }
        return conversations;
    }

    private static async Task<ClusterRunReport> VerifyAsync(
        EventRecorder[] users, string[] ids, List<string>[] conversations, ConcurrentDictionary<string, ConcurrentBag<SendAck>> acks)
    {
        var report = new ClusterRunReport { Acked = acks.Values.Sum(a => a.Count) };
        var histories = new Dictionary<string, List<Message>>();
        foreach (var (conversation, conversationAcks) in acks)
        {
            var member = Array.FindIndex(conversations, c => c.Contains(conversation));
            var history = await ReadAllAsync(users[member].Client, conversation);
            histories[conversation] = history;
            var seqs = history.Select(m => m.Seq).ToList();
            if (!seqs.SequenceEqual(Enumerable.Range(1, seqs.Count).Select(s => (long)s)))
            {
                report.HistoryGaps++;
            }
            var byClientId = history.GroupBy(m => m.ClientMessageId).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var ack in conversationAcks)
            {
                if (!byClientId.TryGetValue(ack.ClientMessageId, out var stored) || stored.Count != 1 || stored[0].Seq != ack.Seq)
                {
                    report.MissingFromHistory++;
                }
            }
        }

        for (var i = 0; i < Users; i++)
        {
            foreach (var conversation in conversations[i])
            {
                if (!histories.TryGetValue(conversation, out var history))
                {
                    continue;
                }
                var expected = history.Select(m => m.Seq).ToHashSet();
                try
                {
                    await users[i].WaitUntilAsync(u => expected.IsSubsetOf(u.Messages(conversation).Select(m => m.Seq)),
                        $"{ids[i]} to receive all {expected.Count} messages of {conversation}", TimeSpan.FromSeconds(90));
                }
                catch (TimeoutException)
                {
                    // Counted below.
                }
                var received = users[i].Messages(conversation).Select(m => m.Seq).ToList();
                report.Delivered += received.Count;
                var missing = expected.Except(received).Order().ToList();
                report.MissingAtMembers += missing.Count;
                if (missing.Count > 0)
                {
                    report.Details.Add($"{ids[i]} (prefers gateway {i % 2}) misses {missing.Count} of {expected.Count} in {conversation}: seqs {string.Join(",", missing.Take(20))}; received up to {(received.Count == 0 ? 0 : received.Max())}");
                }
                report.DuplicatedAtMembers += received.Count - received.Distinct().Count();
                report.OutOfOrderAtMembers += received.Zip(received.Skip(1)).Count(p => p.Second <= p.First);
            }
        }
        return report;
    }

    private static async Task<List<Message>> ReadAllAsync(ImClient client, string conversationId)
    {
        var all = new List<Message>();
        var anchor = 0L;
        while (true)
        {
            var page = await client.GetHistoryAsync(conversationId, anchor, Direction.Forward, 200);
            all.AddRange(page.Messages);
            if (!page.HasMore)
            {
                return all;
            }
            anchor = page.Messages[^1].Seq;
        }
    }
}
