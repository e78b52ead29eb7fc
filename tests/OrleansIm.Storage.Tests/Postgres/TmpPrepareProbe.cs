using System.Reflection;
using Npgsql;
using OrleansIm.Grains.Storage.Postgres;
using static OrleansIm.Storage.Tests.Messages;
namespace OrleansIm.Storage.Tests.Postgres;
[Collection(PostgresCollection.Name)]
public sealed class TmpPrepareProbe(PostgresFixture postgres)
{
    [Fact]
    public async Task Probe()
    {
        await using var store = await PostgresMessageStore.OpenAsync(await postgres.NewStoreOptionsAsync());
        var c = NewConversation();
        for (var i = 1; i <= 6; i++) { await store.AppendMessageAsync(Text(c, i)); await store.GetLastSeqAsync(c); await store.SaveReadPositionAsync(c, "bob", i); }
        var writer = typeof(PostgresMessageStore).GetField("_writer", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(store)!;
        var conn = (NpgsqlConnection)writer.GetType().GetField("_connection", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(writer)!;
        await using var cmd = new NpgsqlCommand("SELECT name || ' :: ' || left(regexp_replace(statement, '\\s+', ' ', 'g'), 70) FROM pg_prepared_statements", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await r.ReadAsync()) lines.Add(r.GetString(0));
        Assert.Fail(string.Join("\n", lines));
    }
}
