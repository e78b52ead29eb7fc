using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.Tests;

/// <summary>
/// The ledger decides the benchmark's "lost" and "duplicated" verdicts, which fail a run: it
/// must count each recipient once, see a second copy as a duplicate, and ignore what is not its own.
/// </summary>
public sealed class DeliveryLedgerTests
{
    [Fact]
    public void A_message_is_missing_until_every_recipient_received_it_once()
    {
        var ledger = new DeliveryLedger();
        string[] group = ["bob", "carol"];
        var id = ledger.RecordSending(group);
        ledger.RecordAck(id);

        Assert.Equal(2, ledger.MissingDeliveries());
        ledger.RecordDelivery("bob", id);
        Assert.Equal(1, ledger.MissingDeliveries());
        ledger.RecordDelivery("carol", id);

        Assert.Equal(0, ledger.MissingDeliveries());
        Assert.Equal(2, ledger.Delivered);
        Assert.Equal(0, ledger.Duplicated);
        Assert.Equal(2, ledger.SendToDeliver.Count);
        Assert.Equal(1, ledger.SendToAck.Count);
    }

    [Fact]
    public void A_second_copy_to_the_same_recipient_is_a_duplicate_and_not_a_delivery()
    {
        var ledger = new DeliveryLedger();
        var id = ledger.RecordSending(["bob"]);
        ledger.RecordAck(id);

        ledger.RecordDelivery("bob", id);
        ledger.RecordDelivery("bob", id);

        Assert.Equal(1, ledger.Delivered);
        Assert.Equal(1, ledger.Duplicated);
        Assert.Equal(0, ledger.MissingDeliveries());
    }

    [Fact]
    public void Only_acked_messages_can_be_missing_and_only_they_are_listed()
    {
        var ledger = new DeliveryLedger();
        string[] route = ["bob"];
        var acked = ledger.RecordSending(route);
        var failed = ledger.RecordSending(route);
        ledger.RecordAck(acked);
        ledger.RecordAck(acked);
        ledger.RecordFailure();

        Assert.Equal(2, ledger.Sent);
        Assert.Equal(1, ledger.Acked);
        Assert.Equal(1, ledger.Errors);
        Assert.Equal(1, ledger.MissingDeliveries());
        Assert.Equal([acked], ledger.AckedIds());
        Assert.NotEqual(acked, failed);
    }

    [Fact]
    public void Deliveries_of_another_ledger_and_to_users_outside_the_route_are_ignored()
    {
        var earlierPhase = new DeliveryLedger();
        var ledger = new DeliveryLedger();
        string[] route = ["bob"];
        var old = earlierPhase.RecordSending(route);
        var id = ledger.RecordSending(route);
        ledger.RecordAck(id);

        ledger.RecordDelivery("bob", old);
        ledger.RecordDelivery("mallory", id);
        ledger.RecordDelivery("bob", ledger.Prefix + "999");
        ledger.RecordDelivery("bob", "not-an-id");

        Assert.NotEqual(earlierPhase.Prefix, ledger.Prefix);
        Assert.Equal(0, ledger.Delivered);
        Assert.Equal(0, ledger.Duplicated);
        Assert.Equal(1, ledger.MissingDeliveries());
    }

    [Fact]
    public void A_route_wider_than_64_recipients_counts_each_of_them_once()
    {
        var ledger = new DeliveryLedger();
        var online = Enumerable.Range(0, 100).Select(i => $"member-{i}").ToArray();
        var id = ledger.RecordSending(online);
        ledger.RecordAck(id);

        foreach (var member in online)
        {
            ledger.RecordDelivery(member, id);
        }
        ledger.RecordDelivery(online[70], id);

        Assert.Equal(100, ledger.Delivered);
        Assert.Equal(1, ledger.Duplicated);
        Assert.Equal(0, ledger.MissingDeliveries());
    }

    [Fact]
    public async Task Concurrent_senders_and_receivers_lose_and_double_count_nothing()
    {
        var ledger = new DeliveryLedger();
        // Many routes (each group member's), registered by whichever sender uses one first.
        var routes = Enumerable.Range(0, 300).Select(r => Enumerable.Range(0, 20).Select(i => $"user-{r}-{i}").ToArray()).ToArray();
        // More messages than one chunk of the ledger holds, sent from many threads at once.
        var sent = new System.Collections.Concurrent.ConcurrentBag<(string Id, string[] Recipients)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 40_000), (n, _) =>
        {
            var recipients = routes[n % routes.Length];
            var id = ledger.RecordSending(recipients);
            ledger.RecordAck(id);
            sent.Add((id, recipients));
            return ValueTask.CompletedTask;
        });
        await Parallel.ForEachAsync(sent, (message, _) =>
        {
            foreach (var recipient in message.Recipients)
            {
                ledger.RecordDelivery(recipient, message.Id);
            }
            return ValueTask.CompletedTask;
        });

        Assert.Equal(40_000, sent.Select(m => m.Id).Distinct().Count());
        Assert.Equal(40_000L * 20, ledger.Delivered);
        Assert.Equal(0, ledger.Duplicated);
        Assert.Equal(0, ledger.MissingDeliveries());
    }
}
