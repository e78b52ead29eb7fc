using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace OrleansIm.Grains.Storage.Postgres;

/// <summary>
/// Reads on the pooled connections of a data source. Every parameter is typed, so a statement has
/// one signature and the connection prepares it after its second use. Under PostgreSQL's MVCC a
/// reader sees the last committed state and neither waits for the group-commit writer nor holds
/// it up.
/// </summary>
internal sealed class PostgresStoreReader(NpgsqlDataSource dataSource) : StoreReader(PostgresReadSql.Statements)
{
    protected override async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>The parameter for a value, typed so that every call of a statement has the same signature.</summary>
    internal static NpgsqlParameter Parameter(object value) => value switch
    {
        string text => new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = text },
        long number => new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = number },
        int number => new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = number },
        _ => throw new ArgumentException($"No PostgreSQL parameter type for {value.GetType()}.", nameof(value)),
    };
}
